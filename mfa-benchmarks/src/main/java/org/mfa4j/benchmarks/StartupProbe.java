package org.mfa4j.benchmarks;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.provider.recovery.RecoveryCodesProviderFactory;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.store.Document;
import org.mfa4j.store.InMemoryMfaStore;

/**
 * What an application does at start-up, as a program of its own so {@link StartupTiming} can time whole
 * JVM processes: {@code discover} builds an {@code Mfa} with {@code discoverProviders()} the way the README
 * shows (keys read from a key file, the default random source), {@code explicit} with the factories
 * registered by hand, {@code bare} does nothing (the JVM's own start and exit on the same class path; the
 * probe's fixtures live in a holder class so this mode does not load them), and {@code jca} only
 * initialises the JDK services mfa4j uses (a {@code SecureRandom}, HMAC-SHA1 and -SHA256, AES-GCM,
 * PBKDF2), to tell the JDK's share of the start-up from mfa4j's own. The key file is the second argument.
 * {@code verify} is {@code discover} followed by the first TOTP verification in the JVM: building leaves
 * the JDK crypto and the logging backend for first use, so this is where they are paid.
 * Prints the number of providers, so a broken class path shows.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) {
        String mode = args.length == 0 ? "bare" : args[0];
        Path keys = args.length > 1 ? Path.of(args[1]) : null;
        Object built = switch (mode) {
            case "bare" -> nothing();
            case "jca" -> jca();
            case "explicit" -> explicit(keys);
            case "discover" -> discover(keys);
            case "verify" -> verify(keys);
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

    /** Writes a key file for the probes (before any timing: it needs a {@code SecureRandom}). */
    static Path writeKeyFile(Path dir) {
        Path file = dir.resolve("mfa4j-probe.keys");
        SecretKeys.generateFile(file, new SecureRandom());
        return file;
    }

    static Mfa discover(Path keys) {
        return Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.fromFile(keys)).discoverProviders()
                .disableProvider(WebAuthnVerifyBenchmark.ONLY_EXPLICIT).build();
    }

    /**
     * {@link #discover()}, then one TOTP verification of a user enrolled earlier: the document a store holds
     * after enrolment (made once with the public API; its secret sealed under a fixed benchmark key, given as
     * an older key beside the ephemeral current one) and the code of the fixed clock's time step. Accepted,
     * or an exception: the first verification pays for the HMAC, AES-GCM, proof-key and logging set-up.
     */
    static Mfa verify(Path keys) {
        InMemoryMfaStore store = new InMemoryMfaStore();
        store.compareAndSet(Enrolled.USER, 0, Enrolled.document());
        Mfa mfa = Mfa.builder().store(store)
                .keys(SecretKeys.fromFile(keys).withRetired(SecretKeys.of(Enrolled.KEY_ID, Enrolled.key())))
                .clock(Clock.fixed(Enrolled.AT.plusSeconds(60), ZoneOffset.UTC))
                .discoverProviders().disableProvider(WebAuthnVerifyBenchmark.ONLY_EXPLICIT).build();
        Result r = mfa.verify(MfaUser.of(Enrolled.USER), TotpProviderFactory.ID, MfaInput.code(Enrolled.CODE),
                MfaSession.of("startup-probe-session"));
        if (r.status() != Status.ACCEPTED) {
            throw new IllegalStateException("the probe's first verification was " + r.status());
        }
        return mfa;
    }

    /** The enrolled user of {@link #verify}: loaded only by that mode. */
    private static final class Enrolled {
        static final String USER = "startup-probe";
        static final String KEY_ID = "probe";
        static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
        /** The SHA1 code of the step 60 s after {@link #AT} for the secret sealed below. */
        static final String CODE = "005170";

        /** A fixed benchmark key (bytes 0 to 31), not a secret. */
        static byte[] key() {
            byte[] key = new byte[32];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) i;
            }
            return key;
        }

        /** The user's document after TOTP setup and activation at {@link #AT} (default settings). */
        static Document document() {
            String at = "\"" + AT + "\"";
            return Document.ofJson("{\"format\":1,\"providers\":[{\"id\":\"" + TotpProviderFactory.ID + "\","
                    + "\"active\":true,\"created\":" + at + ",\"updated\":" + at + ",\"lastUsed\":" + at + ","
                    + "\"failures\":0,\"lockouts\":0,\"properties\":{\"secret\":"
                    + "\"v1.probe.SPqNkuV-xcqpEwOAFdgEatdKRL9tfQIIaOaA0h-n2NkJ93TWsjzjHRY2YGusb5yl\","
                    + "\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,\"window\":1,\"lastStep\":"
                    + AT.getEpochSecond() / 30 + "},\"challenge\":{}}],\"defaultProvider\":\"" + TotpProviderFactory.ID
                    + "\",\"accountFailures\":0,\"factorEpoch\":1}", AT);
        }
    }

    static Mfa explicit(Path keys) {
        return Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.fromFile(keys))
                .provider(new TotpProviderFactory()).provider(new RecoveryCodesProviderFactory()).build();
    }
}
