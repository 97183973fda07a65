package org.mfa4j.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import org.mfa4j.MfaSecretException;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.SecretCipher;

/**
 * AES-256-GCM with a 96-bit random nonce and a 128-bit tag. Output: {@code v1.<keyId>.<base64url(nonce ||
 * ciphertext || tag)>}. The context strings, length-prefixed, are the associated data. The JCA cipher is
 * looked up per operation, so nothing of it runs before the first secret is sealed or opened; the keys'
 * lengths were checked by {@link SecretKeys}, whose {@link KeyRing} initialises the cipher: the key bytes
 * never pass through here. Once the keys are destroyed, sealing and opening throw, and the values opened
 * before are dropped.
 */
public final class AesGcmSecretCipher implements SecretCipher {

    private static final String PREFIX = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** The format of keyed hashes: {@code h1.<key id>.<base64url HMAC-SHA256>}. */
    private static final String HASH_PREFIX = "h1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private static final int MAX_CACHED = 10_000;

    private final KeyRing ring;
    private final SecureRandom random;
    /**
     * Values opened (or sealed) recently, by sealed text, with the context they were opened for. A sealed
     * text carries a random nonce, so equal texts hold equal plaintexts; the context is compared on every
     * hit. Saves an AES-GCM decryption on every verification of a stored secret.
     */
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    private record Opened(String[] context, SecretBytes plaintext) {
    }

    public AesGcmSecretCipher(SecretKeys keys, SecureRandom random) {
        this.ring = KeyRing.of(keys);
        this.random = random;
    }

    @Override
    public String currentKeyId() {
        return ring.currentId();
    }

    @Override
    public String seal(SecretBytes plaintext, String... context) {
        String keyId = ring.currentId();
        requireLiveKeys();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, keyId, nonce);
            c.updateAAD(associatedData(keyId, context));
            byte[] out = new byte[NONCE_BYTES + c.getOutputSize(plaintext.length())];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            plaintext.read(plain -> c.doFinal(plain, 0, plain.length, out, NONCE_BYTES));
            String sealed = PREFIX + "." + keyId + "." + B64.encodeToString(out);
            remember(sealed, context, plaintext);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new MfaSecretException("sealing a secret failed", e);
        }
    }

    /**
     * {@inheritDoc} The result may be the instance sealed or opened before for the same text and context:
     * {@link SecretBytes} is immutable.
     */
    @Override
    public SecretBytes open(String sealed, String... context) {
        if (sealed == null) {
            throw new MfaSecretException("sealed value is missing");
        }
        requireLiveKeys();
        Opened hit = opened.get(sealed);
        if (hit != null && Arrays.equals(hit.context(), context)) {
            return hit.plaintext();
        }
        int a = sealed.indexOf('.');
        int b = a < 0 ? -1 : sealed.indexOf('.', a + 1);
        if (a < 0 || b < 0 || !PREFIX.equals(sealed.substring(0, a))) {
            throw new MfaSecretException("sealed value is not in mfa4j's v1 format");
        }
        String keyId = sealed.substring(a + 1, b);
        if (!ring.has(keyId)) {
            throw new MfaSecretException("sealed under key id '" + (KeyRing.isKeyId(keyId) ? keyId : "(invalid)")
                    + "', which is not configured; add it to the key file as an older key");
        }
        byte[] data;
        try {
            data = B64D.decode(sealed.substring(b + 1));
        } catch (IllegalArgumentException e) {
            throw new MfaSecretException("sealed value is not valid base64");
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new MfaSecretException("sealed value is too short");
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, keyId, Arrays.copyOf(data, NONCE_BYTES));
            c.updateAAD(associatedData(keyId, context));
            byte[] plain = c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
            try {
                SecretBytes result = SecretBytes.copyOf(plain);
                remember(sealed, context, result);
                return result;
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new MfaSecretException("sealed value was altered or belongs to another user, provider or key");
        }
    }

    @Override
    public String hash(SecretBytes value, String... context) {
        String keyId = ring.currentId();
        requireLiveKeys();
        return HASH_PREFIX + "." + keyId + "." + B64.encodeToString(mac(keyId, value, context));
    }

    @Override
    public boolean matchesHash(String hash, SecretBytes candidate, String... context) {
        requireLiveKeys();
        int a = hash == null ? -1 : hash.indexOf('.');
        int b = a < 0 ? -1 : hash.indexOf('.', a + 1);
        if (b < 0 || !HASH_PREFIX.equals(hash.substring(0, a))) {
            return false;
        }
        String keyId = hash.substring(a + 1, b);
        if (!ring.has(keyId)) {
            return false;
        }
        byte[] stored;
        try {
            stored = B64D.decode(hash.substring(b + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(stored, mac(keyId, candidate, context));
    }

    private byte[] mac(String keyId, SecretBytes value, String... context) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            ring.initDerivedMac(mac, keyId, "mfa4j keyed hash v1");
            mac.update(associatedData(keyId, context));
            return value.read(mac::doFinal);
        } catch (GeneralSecurityException e) {
            throw new MfaSecretException("hashing a secret failed", e);
        }
    }

    /** Throws once the keys are destroyed, and drops what was opened under them. */
    private void requireLiveKeys() {
        if (ring.isDestroyed()) {
            opened.clear();
            ring.requireLive();
        }
    }

    private void remember(String sealed, String[] context, SecretBytes plaintext) {
        if (opened.size() >= MAX_CACHED) {
            opened.clear();
        }
        opened.put(sealed, new Opened(context.clone(), plaintext));
    }

    private Cipher cipher(int mode, String keyId, byte[] nonce) throws GeneralSecurityException {
        Cipher c;
        try {
            c = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            // Not a damaged value: say so, rather than the caller's "altered or belongs to another user".
            throw new MfaSecretException("this JVM has no AES/GCM/NoPadding, which every Java platform must "
                    + "have; nothing was sealed or opened", e);
        }
        ring.initCipher(c, mode, keyId, new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }

    /** Length-prefixed key id and context parts, so no two different contexts share a byte string. */
    static byte[] associatedData(String keyId, String... context) {
        int size = 8;
        byte[][] parts = new byte[context.length + 1][];
        parts[0] = keyId.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < context.length; i++) {
            parts[i + 1] = context[i].getBytes(StandardCharsets.UTF_8);
        }
        for (byte[] p : parts) {
            size += 4 + p.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put("mfa4j/v1".getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            buf.putInt(p.length).put(p);
        }
        return buf.array();
    }

    @Override
    public String toString() {
        return "AesGcmSecretCipher[current=" + ring.currentId() + "]";
    }
}
