package org.mfa4j.examples.hotp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Setup;
import org.mfa4j.spi.otp.Base32;
import org.mfa4j.spi.otp.HmacAlgorithm;
import org.mfa4j.spi.otp.Hotp;
import org.mfa4j.spi.otp.OtpAuthUri;

/**
 * The HOTP provider. All it keeps is in the user's entry, which the core writes in one compare-and-set with
 * the rest of the operation: the sealed secret and the next counter it expects. No other state, so the core
 * may re-run any method after a conflicting write.
 */
final class HotpProvider implements MfaProvider {

    static final String SECRET = "secret";
    static final String COUNTER = "counter";

    /** The HMAC function, and the length of every code: RFC 4226's, which every token and app supports. */
    static final HmacAlgorithm ALGORITHM = HmacAlgorithm.SHA1;
    static final int DIGITS = 6;

    private final String issuer;
    private final int lookAhead;
    private final SecureRandom random;
    private final Function<SecureRandom, byte[]> secrets;

    HotpProvider(String issuer, int lookAhead, SecureRandom random, Function<SecureRandom, byte[]> secrets) {
        this.issuer = issuer;
        this.lookAhead = lookAhead;
        this.random = random;
        this.secrets = secrets;
    }

    @Override
    public Setup setup(PropertyManager properties) {
        byte[] secret = secrets.apply(random);
        try {
            properties.putSecret(SECRET, SecretBytes.copyOf(secret));
            properties.putLong(COUNTER, 0);
            String account = properties.user().accountLabel();
            return Setup.of(View.builder()
                    .put(HotpProviderFactory.VIEW_SECRET, Base32.encode(secret))
                    .put(HotpProviderFactory.VIEW_URI, OtpAuthUri.hotp(issuer, account, secret, ALGORITHM, DIGITS, 0))
                    .build());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Checked against the pending secret in the entry: nothing in the input can replace it. */
    @Override
    public Outcome activate(MfaInput input, PropertyManager properties) {
        return check(input, properties);
    }

    @Override
    public Outcome verify(MfaInput input, PropertyManager properties) {
        return check(input, properties);
    }

    // tag::check[]
    private Outcome check(MfaInput input, PropertyManager properties) {
        String typed = input.code().orElse("");
        if (Hotp.parse(typed, DIGITS).isEmpty()) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        long next = properties.getLong(COUNTER).orElse(0L);
        SecretBytes secret = secret(properties);
        // Every counter of the window is computed and compared in full, in constant time, match or not.
        long matched = -1;
        for (long c = next; c <= next + lookAhead; c++) {
            if (Hotp.matches(typed, Hotp.code(ALGORITHM, secret, c, DIGITS), DIGITS) && matched < 0) {
                matched = c;
            }
        }
        if (matched >= 0) {
            properties.putLong(COUNTER, matched + 1); // this code and every one before it are used up
            return Outcome.accept(Map.of(HotpProviderFactory.DETAIL_SKIPPED, Long.toString(matched - next)));
        }
        boolean last = next > 0 && Hotp.matches(typed, Hotp.code(ALGORITHM, secret, next - 1, DIGITS), DIGITS);
        return last ? Outcome.repeat(Map.of()) : Outcome.reject(FailureReason.WRONG_CODE);
    }
    // end::check[]

    /** The entry's secret, which keys the {@code Mac} without leaving its holder. */
    private static SecretBytes secret(PropertyManager properties) {
        return properties.getSecret(SECRET).orElseThrow(() -> new IllegalStateException("HOTP entry has no secret"));
    }
}
