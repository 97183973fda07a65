package org.mfa4j.examples.hotp;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Setup;

/**
 * The HOTP provider. All it keeps is in the user's entry, which the core writes in one compare-and-set with
 * the rest of the operation: the sealed secret and the next counter it expects. No other state, so the core
 * may re-run any method after a conflicting write.
 */
final class HotpProvider implements MfaProvider {

    static final String SECRET = "secret";
    static final String COUNTER = "counter";

    /** Longer raw input is refused unread: six digits with generous spacing fit easily. */
    private static final int MAX_TYPED_LENGTH = 32;

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
            String base32 = OtpAuth.base32(secret);
            return Setup.of(View.builder()
                    .put(HotpProviderFactory.VIEW_SECRET, base32)
                    .put(HotpProviderFactory.VIEW_URI, OtpAuth.uri(issuer, properties.user().accountLabel(), base32))
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
        Optional<byte[]> typed = digits(input.code());
        if (typed.isEmpty()) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        long next = properties.getLong(COUNTER).orElse(0L);
        Mac mac = keyed(properties);
        // Every counter of the window is computed and compared in full, in constant time, match or not.
        long matched = -1;
        for (long c = next; c <= next + lookAhead; c++) {
            if (MessageDigest.isEqual(Hotp.code(mac, c), typed.get()) && matched < 0) {
                matched = c;
            }
        }
        if (matched >= 0) {
            properties.putLong(COUNTER, matched + 1); // this code and every one before it are used up
            return Outcome.accept(Map.of(HotpProviderFactory.DETAIL_SKIPPED, Long.toString(matched - next)));
        }
        boolean last = next > 0 && MessageDigest.isEqual(Hotp.code(mac, next - 1), typed.get());
        return last ? Outcome.repeat(Map.of()) : Outcome.reject(FailureReason.WRONG_CODE);
    }
    // end::check[]

    /** A MAC keyed with the entry's secret, which never leaves its holder ({@link SecretBytes#initMac}). */
    private static Mac keyed(PropertyManager properties) {
        SecretBytes secret = properties.getSecret(SECRET)
                .orElseThrow(() -> new IllegalStateException("HOTP entry has no secret"));
        return Hotp.keyed(secret);
    }

    /**
     * The typed code as exactly six ASCII digits, without the spaces and dashes people type or paste
     * ({@link MfaInput#isCodeSeparator}); empty for anything else: a control character, a sign, a non-ASCII
     * digit, too few or too many digits.
     */
    static Optional<byte[]> digits(Optional<String> typed) {
        if (typed.isEmpty() || typed.get().length() > MAX_TYPED_LENGTH) {
            return Optional.empty();
        }
        byte[] digits = new byte[Hotp.DIGITS];
        int n = 0;
        for (char c : typed.get().toCharArray()) {
            if (MfaInput.isCodeSeparator(c)) {
                continue;
            }
            if (c < '0' || c > '9' || n == digits.length) {
                return Optional.empty();
            }
            digits[n++] = (byte) c;
        }
        return n == digits.length ? Optional.of(digits) : Optional.empty();
    }
}
