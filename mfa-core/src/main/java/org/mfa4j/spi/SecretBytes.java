package org.mfa4j.spi;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secret material (a TOTP seed, the hashes of recovery codes, a one-time code). Immutable: the bytes are
 * copied in once and never handed out, so one instance can be shared, cached and passed on without anyone
 * changing or wiping it under another's feet. Not a record on purpose: a record would print and compare
 * its component.
 *
 * <p>What a provider can do with it:
 * <ul>
 *   <li>key a {@link Mac} with it ({@link #initMac}), the way to use a shared secret such as a TOTP seed;</li>
 *   <li>compare it in constant time ({@link #equalsSecret}, {@link #equalsBytes});</li>
 *   <li>read it inside a callback ({@link #read}), which gets a temporary copy that is wiped as soon as the
 *       callback returns: the way to hash it, search it or build a new secret from it.</li>
 * </ul>
 * There is no {@code toByteArray()}: a copy that outlives the call is something a caller has to write out
 * on purpose, inside {@link #read}. {@code toString} says nothing about the content; {@code equals} is
 * identity (use {@link #equalsSecret}).
 */
public final class SecretBytes {

    private final byte[] bytes;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; the caller may (and should) wipe its array afterwards. */
    public static SecretBytes copyOf(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new SecretBytes(bytes.clone());
    }

    public int length() {
        return bytes.length;
    }

    /** Constant-time comparison with another secret of any length. */
    public boolean equalsSecret(SecretBytes other) {
        return other != null && (other == this || MessageDigest.isEqual(bytes, other.bytes));
    }

    /** Constant-time comparison with raw bytes. */
    public boolean equalsBytes(byte[] other) {
        return other != null && MessageDigest.isEqual(bytes, other);
    }

    /**
     * Initialises {@code mac} with this secret as its key, under the Mac's own algorithm name. The
     * {@code Mac} keeps what it derives from the key until it is initialised again.
     *
     * @throws InvalidKeyException when the Mac refuses the key, an empty secret among others
     */
    public void initMac(Mac mac) throws InvalidKeyException {
        Objects.requireNonNull(mac, "mac");
        if (bytes.length == 0) {
            throw new InvalidKeyException("an empty secret is not a key");
        }
        mac.init(new SecretKeySpec(bytes, mac.getAlgorithm())); // SecretKeySpec takes its own copy
    }

    /**
     * Hands a temporary copy of the secret to {@code reader} and wipes the copy when the reader returns or
     * throws. The reader must not keep the array: it is all zeros afterwards. To build a new secret, return
     * {@link #copyOf} of what the reader made (and wipe that array too).
     *
     * @return what the reader returned
     * @throws X what the reader threw
     */
    public <R, X extends Exception> R read(Reader<R, X> reader) throws X {
        Objects.requireNonNull(reader, "reader");
        byte[] copy = bytes.clone();
        try {
            return reader.read(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /**
     * What {@link #read} hands the secret to.
     *
     * @param <R> what it returns
     * @param <X> what it may throw ({@code RuntimeException} when it throws nothing checked)
     */
    @FunctionalInterface
    public interface Reader<R, X extends Exception> {
        /** Reads {@code bytes}, a copy that is wiped when this returns. */
        R read(byte[] bytes) throws X;
    }

    @Override
    public String toString() {
        return "SecretBytes[redacted]";
    }
}
