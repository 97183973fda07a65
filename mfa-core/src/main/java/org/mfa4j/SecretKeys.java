package org.mfa4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.security.auth.Destroyable;
import org.mfa4j.internal.KeyRing;

/**
 * The application keys that seal secrets at rest and sign proofs: one current key that seals, and older
 * keys that still open what they sealed (rotation). Each key is 256 bits with a short id.
 *
 * <p>This class never hands out key material: there is no accessor for a key, and {@code toString} names
 * ids only. The engine uses the keys through an internal, unexported path. {@link #destroy()} wipes them;
 * after that, every operation of an {@code Mfa} built with them that would seal, open or sign throws
 * {@link MfaSecretException} instead of using a wiped key.
 *
 * <p>Key file format: one key per line, {@code <id>=<base64 of 32 bytes>}; the first line is the current
 * key; blank lines and lines starting with {@code #} are ignored. On a POSIX file system the file must be
 * readable by its owner only ({@code chmod 600}): {@link #fromFile} refuses a file that its group or others
 * may read, write or execute, and {@link #generateFile} creates it with mode {@code 0600}. On other file
 * systems (Windows) the permissions are not checked: restrict the file with the system's own tools.
 */
public final class SecretKeys implements Destroyable {

    static {
        KeyRing.grantAccess(new RingAccess());
    }

    /** How the engine reaches a key set's ring (granted to {@link KeyRing} once, above). */
    private static final class RingAccess implements Function<SecretKeys, KeyRing> {
        @Override
        public KeyRing apply(SecretKeys keys) {
            return keys.ring;
        }
    }

    private static final Set<PosixFilePermission> NOT_FOR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final KeyRing ring;
    private final boolean ephemeral;

    private SecretKeys(KeyRing ring, boolean ephemeral) {
        this.ring = ring;
        this.ephemeral = ephemeral;
    }

    /**
     * One key, current. The key is copied; wipe {@code key} afterwards.
     *
     * @throws IllegalArgumentException for an id outside {@code [A-Za-z0-9_-]{1,32}}, a key that is not 32
     *                                  bytes, or a key of zeros only (a wiped array, not a key)
     */
    public static SecretKeys of(String keyId, byte[] key) {
        return new SecretKeys(single(keyId, key), false);
    }

    /** A ring of one key, copied from {@code key} after the checks {@link #of} documents. */
    private static KeyRing single(String keyId, byte[] key) {
        requireKeyId(keyId);
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new IllegalArgumentException("key '" + keyId + "' must be 32 bytes (256 bits)");
        }
        if (isAllZero(key)) {
            throw new IllegalArgumentException("key '" + keyId + "' is all zeros: a wiped array, not a key");
        }
        return new KeyRing(keyId, Map.of(keyId, key.clone()));
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
        try {
            return new SecretKeys(single(keyId, key), true);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Reads a key file (format in the class comment).
     *
     * @throws MfaConfigurationException when the file is missing or unreadable, malformed, or on a POSIX file
     *                                   system readable by anyone but its owner (the message says how to fix it)
     */
    public static SecretKeys fromFile(Path file) {
        requireOwnerOnly(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new MfaConfigurationException("cannot read the mfa4j key file " + file
                    + ": create one with SecretKeys.generateFile(path) or the CLI", e);
        }
        Map<String, byte[]> m = new LinkedHashMap<>();
        try {
            String current = parse(file, lines, m);
            return new SecretKeys(new KeyRing(current, m), false);
        } catch (RuntimeException e) {
            for (byte[] k : m.values()) {
                Arrays.fill(k, (byte) 0);
            }
            throw e;
        }
    }

    /** Fills {@code keys} from the lines; returns the current key's id. */
    private static String parse(Path file, List<String> lines, Map<String, byte[]> keys) {
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
            String problem = !KeyRing.isKeyId(id) ? "key id must match [A-Za-z0-9_-]{1,32}"
                    : keys.containsKey(id) ? "duplicate key id"
                    : key.length != 32 ? "key must be 32 bytes (256 bits)"
                    : isAllZero(key) ? "key is all zeros; generate a random one"
                    : null;
            if (problem != null) {
                Arrays.fill(key, (byte) 0);
                throw new MfaConfigurationException("key file " + file + " line " + lineNo + ": " + problem);
            }
            keys.put(id, key);
            if (current == null) {
                current = id;
            }
        }
        if (current == null) {
            throw new MfaConfigurationException("key file " + file + " holds no key");
        }
        return current;
    }

    /**
     * Refuses a key file that its group or others may use, on POSIX file systems; elsewhere does nothing. A
     * missing file is left to the read, which says how to create one.
     */
    private static void requireOwnerOnly(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: nothing to check here
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            return; // missing or unreadable: the read says so
        }
        Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
        extra.addAll(permissions);
        extra.retainAll(NOT_FOR_OTHERS);
        if (!extra.isEmpty()) {
            throw new MfaConfigurationException("key file " + file + " has mode "
                    + PosixFilePermissions.toString(permissions) + ": its group or others may use it. Make it "
                    + "readable by the application's user only: chmod 600 " + file);
        }
    }

    /**
     * Writes a new key file with one fresh key: mode {@code 0600} on a POSIX file system (whatever the umask),
     * elsewhere with the file system's defaults. Fails if the file exists: never overwrites a key.
     */
    public static SecretKeys generateFile(Path file, SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] idBytes = new byte[4];
        random.nextBytes(idBytes);
        String id = "k" + HexFormat.of().formatHex(idBytes);
        String content = "# mfa4j secret keys: the first line is the current key. Keep this file private.\n"
                + id + "=" + Base64.getEncoder().encodeToString(key) + "\n";
        Arrays.fill(key, (byte) 0);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
                // The umask only takes bits away, but it may take the owner's too: set the mode exactly.
                Files.setPosixFilePermissions(file, ownerOnly);
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

    /**
     * Reads the key file, or generates it on first use (examples and single-node demos). An existing file is
     * checked as {@link #fromFile} checks it.
     */
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

    /**
     * These keys plus {@code older} ones that still open what they sealed. The current key stays. The result
     * holds its own copies: destroying either input leaves it intact.
     *
     * @throws MfaConfigurationException when one id names two different keys
     * @throws MfaSecretException        when either was destroyed
     */
    public SecretKeys withRetired(SecretKeys older) {
        return new SecretKeys(ring.withRetired(older.ring), ephemeral);
    }

    public String currentId() {
        return ring.currentId();
    }

    /** Key ids, the current one first. */
    public List<String> ids() {
        return ring.ids();
    }

    public boolean isEphemeral() {
        return ephemeral;
    }

    /**
     * Overwrites the keys in memory with zeros. From then on every operation that would seal, open or sign
     * with them throws {@link MfaSecretException}; for an application shutting down, or one that found its
     * key file exposed. Idempotent.
     */
    @Override
    public void destroy() {
        ring.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return ring.isDestroyed();
    }

    private static void requireKeyId(String id) {
        if (id == null || !KeyRing.isKeyId(id)) {
            throw new IllegalArgumentException("key id must match [A-Za-z0-9_-]{1,32}");
        }
    }

    private static boolean isAllZero(byte[] key) {
        int or = 0;
        for (byte b : key) {
            or |= b;
        }
        return or == 0;
    }

    @Override
    public String toString() {
        return "SecretKeys[current=" + ring.currentId() + ", ids=" + ring.ids() + (ephemeral ? ", ephemeral" : "")
                + (ring.isDestroyed() ? ", destroyed" : "") + "]";
    }
}
