package org.mfa4j.provider.recovery;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderEvents;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Setup;

/**
 * The recovery-codes provider. The entry holds one random salt, the iteration count, and the
 * PBKDF2 hashes of the unused and of the used codes, each list sealed by the core as one secret. A
 * verification costs one KDF evaluation (of the typed code with the set's salt) and a constant-time
 * comparison with every stored hash. A used code's hash moves from the unused to the used list in the
 * staged properties, so the core's compare-and-set lets exactly one of two racing requests have it.
 */
final class RecoveryCodesProvider implements MfaProvider {

    static final String SALT = "salt";
    static final String ITERATIONS = "iterations";
    static final String UNUSED = "unused";
    static final String USED = "used";
    static final String REMAINING = "remaining";

    private static final int SALT_BYTES = 16;

    private final SecureRandom random;
    private final ProviderEvents events;
    private final int iterations;
    private final int lowThreshold;
    private final CodeHasher.Kdf kdf;

    RecoveryCodesProvider(SecureRandom random, ProviderEvents events, int iterations, int lowThreshold,
                          CodeHasher.Kdf kdf) {
        this.kdf = kdf;
        this.random = random;
        this.events = events;
        this.iterations = iterations;
        this.lowThreshold = lowThreshold;
    }

    @Override
    public Setup setup(PropertyManager properties) {
        return Setup.of(generate(properties));
    }

    /** Regenerates the whole set: the previous codes, used or not, stop working. The input is not read. */
    @Override
    public View update(MfaInput input, PropertyManager properties) {
        return generate(properties);
    }

    /**
     * The input is one of the codes just shown, typed back to prove they were saved; it stays usable.
     */
    @Override
    public Outcome activate(MfaInput input, PropertyManager properties) {
        byte[] hash = hashOfInput(input, properties);
        if (hash == null) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        try {
            return hashes(properties, UNUSED).read(unused -> indexOf(hash, unused)) >= 0
                    ? Outcome.accept() : Outcome.reject(FailureReason.WRONG_CODE);
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    @Override
    public Outcome verify(MfaInput input, PropertyManager properties) {
        byte[] hash = hashOfInput(input, properties);
        if (hash == null) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        SecretBytes unused = hashes(properties, UNUSED);
        SecretBytes used = hashes(properties, USED);
        try {
            int index = unused.read(u -> indexOf(hash, u));
            int usedAt = used.read(u -> indexOf(hash, u));
            if (index < 0 && usedAt >= 0 && usedAt == used.length() / CodeHasher.HASH_BYTES - 1) {
                return Outcome.repeat(Map.of()); // the code used last, given again (a double submit?)
            }
            if (index < 0) {
                return Outcome.reject(usedAt >= 0 ? FailureReason.REPLAY : FailureReason.WRONG_CODE);
            }
            properties.putSecret(UNUSED, unused.read(u -> without(u, index)));
            properties.putSecret(USED, used.read(u -> with(u, hash)));
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
        int remaining = unused.length() / CodeHasher.HASH_BYTES - 1;
        properties.putLong(REMAINING, remaining);
        String count = Integer.toString(remaining);
        if (remaining <= lowThreshold) {
            // Published by the core only if this use is committed.
            events.notice(properties.user().id(), RecoveryCodesProviderFactory.NOTICE_LOW_CODES,
                    Map.of(RecoveryCodesProviderFactory.DETAIL_REMAINING, count));
        }
        return Outcome.accept(Map.of(RecoveryCodesProviderFactory.DETAIL_REMAINING, count));
    }

    @Override
    public Optional<String> instructions(PropertyManager properties) {
        return Optional.of("Enter one of your recovery codes (each works once).");
    }

    @Override
    public Map<String, String> overview(PropertyManager properties) {
        long remaining = properties.getLong(REMAINING).orElse(0L);
        return Map.of(RecoveryCodesProviderFactory.DETAIL_REMAINING, Long.toString(remaining),
                "total", Integer.toString(RecoveryCodesProviderFactory.CODES),
                "low", Boolean.toString(remaining <= lowThreshold));
    }

    private View generate(PropertyManager properties) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        List<String> codes = new ArrayList<>(RecoveryCodesProviderFactory.CODES);
        byte[] hashes = new byte[RecoveryCodesProviderFactory.CODES * CodeHasher.HASH_BYTES];
        for (int i = 0; i < RecoveryCodesProviderFactory.CODES; i++) {
            String code = RecoveryCode.generate(random);
            codes.add(code);
            byte[] h = kdf.hash(RecoveryCode.normalise(code), salt, iterations);
            System.arraycopy(h, 0, hashes, i * CodeHasher.HASH_BYTES, CodeHasher.HASH_BYTES);
        }
        properties.putString(SALT, Base64.getEncoder().encodeToString(salt));
        properties.putLong(ITERATIONS, iterations);
        properties.putSecret(UNUSED, secretOf(hashes));
        properties.putSecret(USED, SecretBytes.copyOf(new byte[0]));
        properties.putLong(REMAINING, RecoveryCodesProviderFactory.CODES);
        return View.builder()
                .put(RecoveryCodesProviderFactory.VIEW_CODES, String.join("\n", codes))
                .put(RecoveryCodesProviderFactory.VIEW_COUNT, Integer.toString(codes.size()))
                .build();
    }

    /**
     * The hash of the typed code: one KDF evaluation with the salt and iteration count stored with the set;
     * null, without any KDF, when the input is not a well-formed code.
     */
    private byte[] hashOfInput(MfaInput input, PropertyManager properties) {
        char[] code = RecoveryCode.normalise(input.code().orElse(null));
        if (code == null) {
            return null;
        }
        byte[] salt = Base64.getDecoder().decode(properties.getString(SALT).orElseThrow(() -> damaged(SALT)));
        long n = properties.getLong(ITERATIONS).orElseThrow(() -> damaged(ITERATIONS));
        if (n < 1 || n > RecoveryCodesProviderFactory.MAX_ITERATIONS) {
            throw damaged(ITERATIONS);
        }
        return kdf.hash(code, salt, (int) n);
    }

    /** The stored hashes under {@code key}: a whole number of them, or the entry is damaged. */
    private static SecretBytes hashes(PropertyManager properties, String key) {
        SecretBytes s = properties.getSecret(key).orElseThrow(() -> damaged(key));
        if (s.length() % CodeHasher.HASH_BYTES != 0) {
            throw damaged(key);
        }
        return s;
    }

    /** The concatenated {@code hashes} without the one at {@code index}, as a new secret. */
    private static SecretBytes without(byte[] hashes, int index) {
        byte[] left = new byte[hashes.length - CodeHasher.HASH_BYTES];
        int at = index * CodeHasher.HASH_BYTES;
        System.arraycopy(hashes, 0, left, 0, at);
        System.arraycopy(hashes, at + CodeHasher.HASH_BYTES, left, at, left.length - at);
        return secretOf(left);
    }

    /** The concatenated {@code hashes} with {@code hash} after them, as a new secret. */
    private static SecretBytes with(byte[] hashes, byte[] hash) {
        byte[] more = Arrays.copyOf(hashes, hashes.length + CodeHasher.HASH_BYTES);
        System.arraycopy(hash, 0, more, hashes.length, CodeHasher.HASH_BYTES);
        return secretOf(more);
    }

    /** {@code bytes} as a secret; wipes the array. */
    private static SecretBytes secretOf(byte[] bytes) {
        try {
            return SecretBytes.copyOf(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The index of {@code hash} in the concatenated {@code hashes}, comparing with every one of them. */
    static int indexOf(byte[] hash, byte[] hashes) {
        int found = -1;
        byte[] slot = new byte[CodeHasher.HASH_BYTES];
        for (int i = 0; i < hashes.length / CodeHasher.HASH_BYTES; i++) {
            System.arraycopy(hashes, i * CodeHasher.HASH_BYTES, slot, 0, CodeHasher.HASH_BYTES);
            if (MessageDigest.isEqual(slot, hash) && found < 0) {
                found = i;
            }
        }
        return found;
    }

    private static IllegalStateException damaged(String key) {
        return new IllegalStateException("stored recovery-code entry has no valid '" + key + "'");
    }
}
