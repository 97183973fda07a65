package org.mfa4j.benchmarks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.Mfa;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.provider.recovery.RecoveryCodesProviderFactory;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.spi.ProviderRecord;
import org.mfa4j.spi.UserDocument;
import org.mfa4j.store.InMemoryMfaStore;

/**
 * What an application does at start-up, as a program of its own so {@link StartupTiming} can time whole
 * JVM processes: {@code discover} builds an {@code Mfa} with {@code discoverProviders()}, {@code explicit}
 * with the factories registered by hand, {@code bare} does nothing (the JVM's own start and exit on the
 * same class path), and {@code jca} only initialises the JDK services mfa4j uses (a {@code SecureRandom},
 * HMAC-SHA1 and -SHA256, AES-GCM, PBKDF2), to tell the JDK's share of the start-up from mfa4j's own.
 * {@code verify} is {@code discover} followed by the first TOTP verification in the JVM: building leaves
 * the JDK crypto and the logging backend for first use, so this is where they are paid.
 * Prints the number of providers, so a broken class path shows.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) {
        String mode = args.length == 0 ? "bare" : args[0];
        Object built = switch (mode) {
            case "bare" -> nothing();
            case "jca" -> jca();
            case "explicit" -> explicit();
            case "discover" -> discover();
            case "verify" -> verify();
            default -> throw new IllegalArgumentException("mode must be bare, jca, explicit, discover or verify");
        };
        if (built instanceof Mfa m) {
            System.out.println(m.providers().size());
        }
    }

    static Object nothing() {
        return Boolean.TRUE;
    }

    static Object jca() {
        try {
            SecureRandom random = new SecureRandom();
            byte[] key = new byte[32];
            random.nextBytes(key);
            javax.crypto.Mac.getInstance("HmacSHA1");
            javax.crypto.Mac.getInstance("HmacSHA256");
            javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            return javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Mfa discover() {
        SecureRandom random = new SecureRandom();
        return Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(random)).random(random)
                .discoverProviders().build();
    }

    /**
     * {@link #discover()}, then one TOTP verification of a user enrolled earlier: the document a store holds
     * after enrolment (made once with the public API; its secret sealed under a fixed benchmark key, given as
     * an older key beside the ephemeral current one) and the code of the fixed clock's time step. Accepted,
     * or an exception: the first verification pays for the HMAC, AES-GCM, proof-key and logging set-up.
     */
    static Mfa verify() {
        SecureRandom random = new SecureRandom();
        InMemoryMfaStore store = new InMemoryMfaStore();
        store.compareAndSet(PROBE_USER, 0, enrolled());
        Mfa mfa = Mfa.builder().store(store)
                .keys(SecretKeys.ephemeral(random).withRetired(SecretKeys.of(PROBE_KEY_ID, probeKey())))
                .random(random).clock(Clock.fixed(ENROLLED.plusSeconds(60), ZoneOffset.UTC))
                .discoverProviders().build();
        Result r = mfa.verify(MfaUser.of(PROBE_USER), TotpProviderFactory.ID, MfaInput.code(PROBE_CODE),
                "startup-probe-session");
        if (r.status() != Status.ACCEPTED) {
            throw new IllegalStateException("the probe's first verification was " + r.status());
        }
        return mfa;
    }

    private static final String PROBE_USER = "startup-probe";
    private static final String PROBE_KEY_ID = "probe";
    private static final Instant ENROLLED = Instant.parse("2026-01-01T00:00:00Z");
    /** The SHA1 code of the step 60 s after {@link #ENROLLED} for the secret sealed below. */
    private static final String PROBE_CODE = "005170";

    /** A fixed benchmark key (bytes 0 to 31), not a secret. */
    private static byte[] probeKey() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return key;
    }

    /** The user's document after TOTP setup and activation at {@link #ENROLLED} (default settings). */
    private static UserDocument enrolled() {
        Map<String, Object> totp = new LinkedHashMap<>();
        totp.put("secret", "v1.probe.SPqNkuV-xcqpEwOAFdgEatdKRL9tfQIIaOaA0h-n2NkJ93TWsjzjHRY2YGusb5yl");
        totp.put("algorithm", "SHA1");
        totp.put("digits", 6L);
        totp.put("period", 30L);
        totp.put("window", 1L);
        totp.put("lastStep", ENROLLED.getEpochSecond() / 30);
        ProviderRecord record = new ProviderRecord(true, ENROLLED, ENROLLED, Optional.of(ENROLLED), 0,
                Optional.empty(), 0, totp, Map.of());
        return new UserDocument(Map.of(TotpProviderFactory.ID, record), Optional.of(TotpProviderFactory.ID), 0, 1,
                Optional.empty());
    }

    static Mfa explicit() {
        SecureRandom random = new SecureRandom();
        return Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(random)).random(random)
                .provider(new TotpProviderFactory()).provider(new RecoveryCodesProviderFactory()).build();
    }
}
