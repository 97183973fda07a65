package org.mfa4j.examples.hotp;

import java.security.SecureRandom;
import java.util.function.Function;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.Settings;

/**
 * Counter-based one-time passwords (RFC 4226 HOTP) from a hardware token or an app in counter mode: an example
 * of a third-party factor, written only against mfa4j's exported API ({@code org.mfa4j}, {@code org.mfa4j.spi}
 * and its one-time-password building blocks, {@code org.mfa4j.spi.otp}).
 * Provider id {@value #ID}; found by {@code ServiceLoader} through this jar's
 * {@code META-INF/services/org.mfa4j.spi.MfaProviderFactory}.
 *
 * <h2>Setup</h2>
 * A fresh 160-bit secret (the length RFC 4226 section 4 recommends) from the context's {@code SecureRandom},
 * sealed by the core ({@code PropertyManager.putSecret}); the counter starts at 0. The setup view carries
 * {@value #VIEW_SECRET} (the secret in Base32, for manual entry) and {@value #VIEW_URI}
 * ({@code otpauth://hotp/Issuer:account?secret=..&issuer=..&counter=0}). A new setup replaces the pending
 * secret and counter.
 *
 * <h2>Activation and verification</h2>
 * The input must be six ASCII digits; spaces and dashes between them are ignored, anything else (a control
 * character, a sign, a non-ASCII digit) is {@code MALFORMED_INPUT}. The code is looked for at the next counter
 * and up to {@code look-ahead} counters after it (a token pressed without logging in runs ahead, RFC 4226
 * section 7.4), every code of that window computed and compared in constant time; the first match is accepted
 * and the next counter moves past it, so each code is accepted once, also when two threads or nodes send it
 * together (the core's compare-and-set). The code accepted last, typed again, is a repeat (a double submit);
 * anything else is {@code WRONG_CODE}, which the core counts towards lockout. An accepted result reports
 * {@value #DETAIL_SKIPPED}: how many counters the token had run ahead.
 *
 * <h2>Settings</h2>
 * <ul>
 *   <li>{@code issuer}: shown by the app beside the account; at most 100 characters, no colon. The default is
 *       {@code mfa4j}.</li>
 *   <li>{@code look-ahead}: counters accepted after the expected one, 0 to 10. The default is 3. A larger window
 *       tolerates more unused presses and gives a guesser more codes per try.</li>
 * </ul>
 */
public final class HotpProviderFactory implements MfaProviderFactory {

    /** The provider id. */
    public static final String ID = "hotp";
    /** Setup view: the secret in Base32, for manual entry. */
    public static final String VIEW_SECRET = "secret";
    /** Setup view: the {@code otpauth://hotp/} URI. */
    public static final String VIEW_URI = "uri";
    /** Result detail of an accepted code: how many counters after the expected one it was ({@code 0}..). */
    public static final String DETAIL_SKIPPED = "skipped";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .title("Hardware token")
            .description("A six-digit code from a counter-based token (HOTP), new each time you press it.")
            .setupInstructions("Add the secret to your token or app in counter mode (or scan the otpauth URI), "
                    + "then enter the first code it shows.")
            .build();

    private final Function<SecureRandom, byte[]> secrets;

    /** The factory {@code ServiceLoader} uses: a fresh secret for every setup. */
    public HotpProviderFactory() {
        this(random -> {
            byte[] secret = new byte[HotpProvider.ALGORITHM.keyBytes()];
            random.nextBytes(secret);
            return secret;
        });
    }

    /** For the tests: every setup gets the secret {@code secrets} returns. */
    HotpProviderFactory(Function<SecureRandom, byte[]> secrets) {
        this.secrets = secrets;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        Settings settings = context.settings();
        return new HotpProvider(issuer(settings), settings.getInt("look-ahead", 3, 0, 10), context.random(), secrets);
    }

    /** The Key Uri Format separates issuer and account with a colon, so neither may hold one. */
    private static String issuer(Settings settings) {
        String issuer = settings.get("issuer", "mfa4j");
        if (issuer.length() <= 100 && !issuer.contains(":")) {
            return issuer;
        }
        throw new MfaConfigurationException("provider '" + ID + "' setting 'issuer' must be at most 100 characters"
                + " and hold no colon");
    }

    @Override
    public String toString() {
        return "HotpProviderFactory[id=" + ID + "]";
    }
}
