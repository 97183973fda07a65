package org.mfa4j.spi;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Secret material (a TOTP seed, a one-time code, a key). Copies in and out, compares in constant time,
 * and says nothing about its content in {@code toString}. Not a record on purpose: a record would print
 * and compare its component.
 */
public final class SecretBytes {

    private final byte[] bytes;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; the caller may wipe its array afterwards. */
    public static SecretBytes copyOf(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new SecretBytes(bytes.clone());
    }

    /** An independent copy, which the receiver may wipe without touching this one. */
    public SecretBytes copy() {
        return new SecretBytes(bytes.clone());
    }

    /** A fresh copy of the secret; wipe it when done. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Constant-time comparison with another secret of any length. */
    public boolean equalsSecret(SecretBytes other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Constant-time comparison with raw bytes. */
    public boolean equalsBytes(byte[] other) {
        return other != null && MessageDigest.isEqual(bytes, other);
    }

    /** Overwrites the held copy with zeros. */
    public void wipe() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "SecretBytes[redacted]";
    }
}
