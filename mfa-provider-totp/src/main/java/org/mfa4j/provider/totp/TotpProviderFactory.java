package org.mfa4j.provider.totp;

import java.security.SecureRandom;
import java.util.function.Function;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.Settings;
import org.mfa4j.spi.otp.HmacAlgorithm;
import org.mfa4j.spi.otp.Totp;

/**
 * Time-based one-time passwords (RFC 6238) for authenticator apps such as Google Authenticator, Microsoft
 * Authenticator, 1Password or Aegis. Provider id {@value #ID}; found by {@code ServiceLoader}.
 *
 * <h2>Setup</h2>
 * A fresh secret from the context's {@code SecureRandom}: 160 bits for SHA1 (the default), and the HMAC
 * output length for SHA256 (256 bits) and SHA512 (512 bits) as RFC 6238 section 5.1 recommends. The setup
 * view carries {@value #VIEW_SECRET} (Base32, for manual entry), {@value #VIEW_URI} (the
 * {@code otpauth://totp/Issuer:account?secret=..&issuer=..} URI, with {@code algorithm}, {@code digits}
 * and {@code period} only when not SHA1, 6, 30), {@value #VIEW_ALGORITHM}, {@value #VIEW_DIGITS},
 * {@value #VIEW_PERIOD} and the binary {@value #VIEW_QR_PNG}: a QR code PNG rendered on this machine with
 * ZXing. The secret never goes to a third-party QR service. It is sealed by the core
 * ({@code PropertyManager.putSecret}) and stays server-side; activation takes only a code, checked against
 * that pending secret, so a client cannot swap in a secret of its own. A new setup replaces the pending
 * secret.
 *
 * <h2>Verification</h2>
 * Spaces are removed, then the input must be exactly the credential's number of ASCII digits, checked
 * before any arithmetic (no {@code Integer.parseInt}: it accepts {@code +123456} and non-ASCII digits);
 * anything else is {@code MALFORMED_INPUT}. Steps not used yet are tried nearest first (current, one
 * back, one ahead, ...), each code compared whole in constant time, and the first match is accepted; a
 * refusal computes every step of the window, used ones included, so its time depends on neither the
 * secret, the code nor the replay guard (only an acceptance ends early, and it reports its step anyway).
 * Leading zeros and {@code 000000} are ordinary codes. The accepted time step is stored and written by the core's compare-and-set with the
 * success, and a code of a step at or before it is refused as {@code REPLAY} (NIST SP 800-63B: each
 * time-based OTP is accepted once), so the same code sent by two threads or two nodes succeeds once. An
 * accepted result reports {@value #DETAIL_STEP_OFFSET}, the matched step minus the current one.
 *
 * <h2>Clock skew</h2>
 * The offsets of the last 8 accepted codes (activation included; no secret, no code) are kept with the
 * credential, written in the same compare-and-set as the success (django-otp keeps a drift too). The
 * device runs early or late by {@code o} steps when {@code o} is the non-zero offset matched most often
 * among them: at least 3 times, at least as often as offset 0, and more often than any other non-zero
 * offset. Once 3 codes were accepted the overview shows {@value #FACT_CLOCK} ({@value #CLOCK_ON_TIME},
 * {@value #CLOCK_EARLY}, {@value #CLOCK_LATE}) and, when skewed, {@value #FACT_OFFSET_STEPS} and
 * {@value #FACT_OFFSET_SECONDS}. When the diagnosis changes to a skew at the edge of the window (with the
 * default window of 1: one step either way; one more step of drift and the codes fail), a
 * {@value #NOTICE_CLOCK_SKEW} notice goes to the event listeners with attributes {@value #NOTICE_DIRECTION},
 * {@value #FACT_OFFSET_STEPS} and {@value #NOTICE_SECONDS}: once per change, not on every code. A new setup
 * starts the record over. The seconds are the step distance (offset times period): the device's clock is off
 * by about that much, give or take one period.
 *
 * <h2>Implementation note</h2>
 * The HOTP/TOTP arithmetic, Base32 and the otpauth URI are the core's {@code org.mfa4j.spi.otp}, which any
 * other one-time-password provider can use too: unlike googleauth, which builds a new {@code Mac} per code,
 * it keeps one {@code Mac} per thread and algorithm and only re-keys it. googleauth is the independent
 * reference in this module's tests (codes cross-checked for SHA1, SHA256 and SHA512), with the RFC 4226 and
 * RFC 6238 test vectors. googleauth's {@code getOtpAuthURL} is not used: it points at a public QR service.
 *
 * <h2>Settings</h2>
 * Read when a credential is set up and stored with it, so changing them later does not break enrolled
 * users:
 * <ul>
 *   <li>{@code issuer}: shown by the app beside the account; no colon. The default is {@code mfa4j}.</li>
 *   <li>{@code algorithm}: {@code SHA1}, {@code SHA256} or {@code SHA512}. The default is {@code SHA1}
 *       (the only one every app supports). {@code SHA512}, which the Java platform does not promise, is
 *       looked up when the provider starts; the other two, which every Java platform has, on the first
 *       code.</li>
 *   <li>{@code digits}: 6 to 8. The default is 6.</li>
 *   <li>{@code period}: seconds per code, 15 to 120 ({@code 30} or {@code PT30S}). The default is 30.</li>
 *   <li>{@code window}: steps accepted either side of the current one, 0 to 10. The default is 1.</li>
 *   <li>{@code qr-scale}: pixels per QR module, 1 to 32. The default is 6.</li>
 * </ul>
 */
public final class TotpProviderFactory implements MfaProviderFactory {

    /** The provider id. */
    public static final String ID = "totp";
    /** Setup view: the secret in Base32, for manual entry. */
    public static final String VIEW_SECRET = "secret";
    /** Setup view: the otpauth URI. */
    public static final String VIEW_URI = "uri";
    /** Setup view: the HMAC function ({@code SHA1}, {@code SHA256}, {@code SHA512}). */
    public static final String VIEW_ALGORITHM = "algorithm";
    /** Setup view: the number of digits. */
    public static final String VIEW_DIGITS = "digits";
    /** Setup view: seconds per code. */
    public static final String VIEW_PERIOD = "period";
    /** Setup view, binary: the QR code of the otpauth URI as a PNG image. */
    public static final String VIEW_QR_PNG = "qr.png";
    /** Result detail of an accepted code: matched step minus current step ({@code -1}, {@code 0}, {@code 1}). */
    public static final String DETAIL_STEP_OFFSET = "stepOffset";
    /** Overview fact, once 3 codes were accepted: {@value #CLOCK_ON_TIME}, {@value #CLOCK_EARLY} or {@value #CLOCK_LATE}. */
    public static final String FACT_CLOCK = "clock";
    /** Overview fact and notice attribute: the diagnosed skew in steps (negative: late), when skewed. */
    public static final String FACT_OFFSET_STEPS = "offsetSteps";
    /** Overview fact: the diagnosed skew in seconds (steps times the period), when skewed. */
    public static final String FACT_OFFSET_SECONDS = "offsetSeconds";
    /** {@value #FACT_CLOCK} and {@value #NOTICE_DIRECTION}: the device's codes match the current step. */
    public static final String CLOCK_ON_TIME = "on-time";
    /** {@value #FACT_CLOCK} and {@value #NOTICE_DIRECTION}: the device's clock runs ahead (codes of later steps). */
    public static final String CLOCK_EARLY = "early";
    /** {@value #FACT_CLOCK} and {@value #NOTICE_DIRECTION}: the device's clock runs behind (codes of earlier steps). */
    public static final String CLOCK_LATE = "late";
    /** The notice kind published when the user's codes keep matching at the edge of the window. */
    public static final String NOTICE_CLOCK_SKEW = "clock-skew";
    /** Notice attribute: {@value #CLOCK_EARLY} or {@value #CLOCK_LATE}. */
    public static final String NOTICE_DIRECTION = "direction";
    /** Notice attribute: the skew in seconds (steps times the period). */
    public static final String NOTICE_SECONDS = "seconds";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .title("Authenticator app")
            .description("A six-digit code from an authenticator app, new every 30 seconds.")
            .setupInstructions("Scan the QR code with an authenticator app (or type the secret), then enter the "
                    + "code it shows.")
            .iconKey("mfa-totp")
            .build();

    private final Function<SecureRandom, byte[]> secrets;

    /** The factory {@code ServiceLoader} uses. */
    public TotpProviderFactory() {
        this(null);
    }

    /** For the RFC test vectors: every setup gets the secret {@code secrets} returns. Not public API. */
    TotpProviderFactory(Function<SecureRandom, byte[]> secrets) {
        this.secrets = secrets;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        Settings settings = context.settings();
        String issuer = settings.get("issuer", "mfa4j");
        if (issuer.indexOf(':') >= 0 || issuer.length() > 100) {
            throw new MfaConfigurationException("provider '" + ID + "' setting 'issuer' must be at most 100 "
                    + "characters without a colon (the otpauth label separator)");
        }
        Totp defaults = TotpParameters.fromSettings(settings, ID);
        int qrScale = settings.getInt("qr-scale", 6, 1, 32);
        defaults.algorithm().requireAvailable();
        Function<SecureRandom, byte[]> source = secrets != null ? secrets : new RandomKeys(defaults.algorithm());
        return new TotpProvider(issuer, defaults, qrScale, context.random(), context.events(), source);
    }

    /** New secrets of the length RFC 6238 recommends for the algorithm (a class, not a lambda: start-up). */
    private record RandomKeys(HmacAlgorithm algorithm) implements Function<SecureRandom, byte[]> {
        @Override
        public byte[] apply(SecureRandom random) {
            byte[] key = new byte[algorithm.keyBytes()];
            random.nextBytes(key);
            return key;
        }
    }

    @Override
    public String toString() {
        return "TotpProviderFactory[id=" + ID + "]";
    }
}
