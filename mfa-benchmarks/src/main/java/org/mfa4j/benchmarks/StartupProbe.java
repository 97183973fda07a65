package org.mfa4j.benchmarks;

import java.security.SecureRandom;
import org.mfa4j.Mfa;
import org.mfa4j.SecretKeys;
import org.mfa4j.provider.recovery.RecoveryCodesProviderFactory;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.store.InMemoryMfaStore;

/**
 * What an application does at start-up, as a program of its own so {@link StartupTiming} can time whole
 * JVM processes: {@code discover} builds an {@code Mfa} with {@code discoverProviders()}, {@code explicit}
 * with the factories registered by hand, {@code bare} does nothing (the JVM's own start and exit on the
 * same class path), and {@code jca} only initialises the JDK services mfa4j uses (a {@code SecureRandom},
 * HMAC-SHA1 and -SHA256, AES-GCM, PBKDF2), to tell the JDK's share of the start-up from mfa4j's own.
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
            default -> throw new IllegalArgumentException("mode must be bare, jca, explicit or discover");
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

    static Mfa explicit() {
        SecureRandom random = new SecureRandom();
        return Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(random)).random(random)
                .provider(new TotpProviderFactory()).provider(new RecoveryCodesProviderFactory()).build();
    }
}
