package org.mfa4j.internal;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * The random source {@code Mfa} uses when the application gives none: the JVM's default
 * {@link SecureRandom}, created when the first random byte is asked for. {@code new SecureRandom()} loads the
 * JCA provider list and opens the operating system's source, which is no part of building an {@code Mfa};
 * here it happens at the first setup, code or nonce. Every byte still comes from that default
 * {@code SecureRandom} (on Linux {@code NativePRNG}, reading {@code /dev/urandom}); one instance serves the
 * whole JVM, as the JDK's own default does, and the JVM initialises the holder class once, so every thread
 * sees the same instance.
 */
public final class DefaultSecureRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    /** A source that creates the JVM's default {@link SecureRandom} on first use. */
    public DefaultSecureRandom() {
        super(new Spi(), null);
    }

    @Override
    public String getAlgorithm() {
        return "default (" + Holder.RANDOM.getAlgorithm() + ")";
    }

    @Override
    public String toString() {
        return "DefaultSecureRandom";
    }

    /** The delegate; initialised by the JVM on first access, once. */
    private static final class Holder {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private static final class Spi extends SecureRandomSpi {

        private static final long serialVersionUID = 1L;

        @Override
        protected void engineSetSeed(byte[] seed) {
            Holder.RANDOM.setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            Holder.RANDOM.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return Holder.RANDOM.generateSeed(numBytes);
        }
    }
}
