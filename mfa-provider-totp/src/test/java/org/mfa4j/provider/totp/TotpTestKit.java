package org.mfa4j.provider.totp;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import com.warrenstrange.googleauth.GoogleAuthenticatorConfig;
import com.warrenstrange.googleauth.HmacHashFunction;
import com.warrenstrange.googleauth.KeyRepresentation;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.mfa4j.Mfa;
import org.mfa4j.SecretKeys;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.otp.HmacAlgorithm;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/** Shared test helpers: googleauth as the independent code reference, and an {@code Mfa} with TOTP. */
final class TotpTestKit {

    /** The RFC 4226 / RFC 6238 seeds. */
    static final byte[] SEED_SHA1 = ascii("12345678901234567890");
    static final byte[] SEED_SHA256 = ascii("12345678901234567890123456789012");
    static final byte[] SEED_SHA512 = ascii("1234567890123456789012345678901234567890123456789012345678901234");

    private TotpTestKit() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] seed(HmacAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA1 -> SEED_SHA1;
            case SHA256 -> SEED_SHA256;
            case SHA512 -> SEED_SHA512;
        };
    }

    /** The code googleauth computes for a Base32 secret at {@code at}: the reference, not our arithmetic. */
    static String reference(String base32, HmacAlgorithm algorithm, int digits, int periodSeconds, Instant at) {
        GoogleAuthenticatorConfig config = new GoogleAuthenticatorConfig.GoogleAuthenticatorConfigBuilder()
                .setCodeDigits(digits)
                .setTimeStepSizeInMillis(periodSeconds * 1000L)
                .setHmacHashFunction(HmacHashFunction.valueOf(algorithm.jcaName()))
                .setKeyRepresentation(KeyRepresentation.BASE32)
                .build();
        int code = new GoogleAuthenticator(config).getTotpPassword(base32, at.toEpochMilli());
        return String.format("%0" + digits + "d", code);
    }

    /** The 6-digit SHA1 30-second code googleauth computes. */
    static String reference(String base32, Instant at) {
        return reference(base32, HmacAlgorithm.SHA1, 6, 30, at);
    }

    static Mfa mfa(MutableClock clock, MfaStore store, SecretKeys keys, TotpProviderFactory factory,
                   Map<String, String> settings, RecordingListener listener) {
        return Mfa.builder().store(store).keys(keys).clock(clock)
                .lockout(LockoutPolicy.builder().maxFailures(3).build())
                .provider(factory).configure(TotpProviderFactory.ID, settings).listener(listener).build();
    }

    static Mfa mfa(MutableClock clock, TotpProviderFactory factory, Map<String, String> settings,
                   RecordingListener listener) {
        return mfa(clock, new InMemoryMfaStore(), SecretKeys.ephemeral(new SecureRandom()), factory, settings,
                listener);
    }

    /** A factory whose every setup uses {@code secret}. */
    static TotpProviderFactory fixedSecret(byte[] secret) {
        return new TotpProviderFactory(random -> secret.clone());
    }
}
