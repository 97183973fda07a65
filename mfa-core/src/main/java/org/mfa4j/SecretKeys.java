package org.mfa4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mfa4j.spi.SecretBytes;

/**
 * The application keys that seal secrets at rest and sign proofs: one current key that seals, and older
 * keys that still open what they sealed (rotation). Each key is 256 bits with a short id.
 *
 * <p>Key file format: one key per line, {@code <id>=<base64 of 32 bytes>}; the first line is the current
 * key; blank lines and lines starting with {@code #} are ignored. Keep the file readable by the
 * application only.
 */
public final class SecretKeys {

    /** Whether {@code id} is 1 to 32 of {@code [A-Za-z0-9_-]} (checked without java.util.regex: start-up). */
    private static boolean isKeyId(String id) {
        if (id.isEmpty() || id.length() > 32) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private final String currentId;
    private final Map<String, SecretBytes> keys;
    private final boolean ephemeral;

    private SecretKeys(String currentId, Map<String, SecretBytes> keys, boolean ephemeral) {
        this.currentId = currentId;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.ephemeral = ephemeral;
    }

    /** One key, current. */
    public static SecretKeys of(String keyId, byte[] key) {
        Map<String, SecretBytes> m = new LinkedHashMap<>();
        m.put(requireKeyId(keyId), requireKey(key, keyId));
        return new SecretKeys(keyId, m, false);
    }

    /**
     * A random key that lives as long as this object: secrets sealed under it are unreadable after a
     * restart. For tests and demos only; chosen explicitly, never a default.
     */
    public static SecretKeys ephemeral(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] id = new byte[6];
        random.nextBytes(id);
        String keyId = "eph-" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        SecretKeys k = new SecretKeys(keyId, Map.of(keyId, SecretBytes.copyOf(key)), true);
        java.util.Arrays.fill(key, (byte) 0);
        return k;
    }

    /** Reads a key file (format in the class comment). */
    public static SecretKeys fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new MfaConfigurationException("cannot read the mfa4j key file " + file
                    + ": create one with SecretKeys.generateFile(path) or the CLI", e);
        }
        Map<String, SecretBytes> m = new LinkedHashMap<>();
        String current = null;
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new MfaConfigurationException("key file " + file + " line " + lineNo
                        + ": expected <id>=<base64 key>");
            }
            String id = line.substring(0, eq);
            byte[] key;
            try {
                key = Base64.getDecoder().decode(line.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new MfaConfigurationException("key file " + file + " line " + lineNo + ": key is not base64");
            }
            if (!isKeyId(id)) {
                throw new MfaConfigurationException("key file " + file + " line " + lineNo
                        + ": key id must match [A-Za-z0-9_-]{1,32}");
            }
            if (m.containsKey(id)) {
                throw new MfaConfigurationException("key file " + file + " line " + lineNo + ": duplicate key id");
            }
            if (key.length != 32) {
                throw new MfaConfigurationException("key file " + file + " line " + lineNo
                        + ": key must be 32 bytes (256 bits)");
            }
            m.put(id, SecretBytes.copyOf(key));
            java.util.Arrays.fill(key, (byte) 0);
            if (current == null) {
                current = id;
            }
        }
        if (current == null) {
            throw new MfaConfigurationException("key file " + file + " holds no key");
        }
        return new SecretKeys(current, m, false);
    }

    /**
     * Writes a new key file with one fresh key, readable by the owner only where the file system allows.
     * Fails if the file exists: never overwrites a key.
     */
    public static SecretKeys generateFile(Path file, SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] idBytes = new byte[4];
        random.nextBytes(idBytes);
        String id = "k" + java.util.HexFormat.of().formatHex(idBytes);
        String content = "# mfa4j secret keys: the first line is the current key. Keep this file private.\n"
                + id + "=" + Base64.getEncoder().encodeToString(key) + "\n";
        java.util.Arrays.fill(key, (byte) 0);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new MfaConfigurationException("key file " + file + " exists already; refusing to overwrite it", e);
        } catch (IOException e) {
            throw new MfaConfigurationException("cannot write key file " + file, e);
        }
        return fromFile(file);
    }

    /** Reads the key file, or generates it on first use (examples and single-node demos). */
    public static SecretKeys loadOrGenerate(Path file, SecureRandom random) {
        if (Files.exists(file)) {
            return fromFile(file);
        }
        try {
            return generateFile(file, random);
        } catch (MfaConfigurationException e) {
            if (Files.exists(file)) {
                return fromFile(file); // another process created it first
            }
            throw e;
        }
    }

    /** These keys plus {@code older} ones that still open what they sealed. The current key stays. */
    public SecretKeys withRetired(SecretKeys older) {
        Map<String, SecretBytes> m = new LinkedHashMap<>(keys);
        for (Map.Entry<String, SecretBytes> e : older.keys.entrySet()) {
            SecretBytes prev = m.putIfAbsent(e.getKey(), e.getValue());
            if (prev != null && !prev.equalsSecret(e.getValue())) {
                throw new MfaConfigurationException("key id '" + e.getKey() + "' names two different keys");
            }
        }
        return new SecretKeys(currentId, m, ephemeral);
    }

    public String currentId() {
        return currentId;
    }

    /** Key ids, the current one first. */
    public List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }

    /** The key with that id. */
    public java.util.Optional<SecretBytes> key(String id) {
        return java.util.Optional.ofNullable(keys.get(id));
    }

    public boolean isEphemeral() {
        return ephemeral;
    }

    private static String requireKeyId(String id) {
        if (id == null || !isKeyId(id)) {
            throw new IllegalArgumentException("key id must match [A-Za-z0-9_-]{1,32}");
        }
        return id;
    }

    private static SecretBytes requireKey(byte[] key, String id) {
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new IllegalArgumentException("key '" + id + "' must be 32 bytes (256 bits)");
        }
        return SecretBytes.copyOf(key);
    }

    @Override
    public String toString() {
        return "SecretKeys[current=" + currentId + ", ids=" + keys.keySet() + (ephemeral ? ", ephemeral" : "") + "]";
    }
}
