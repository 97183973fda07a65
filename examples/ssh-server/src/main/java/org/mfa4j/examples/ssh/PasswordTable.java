package org.mfa4j.examples.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The example's first factor: a small table of user names and password hashes in one file
 * ({@code <data>/ssh-users}), one line per user, {@code name:iterations:salt:hash} (PBKDF2-HMAC-SHA256,
 * Base64). mfa4j has no passwords: this is the application's part, as a real server would ask PAM or its
 * directory. Passwords are generated here (so none is ever typed into a command line) and shown once.
 *
 * <p>A name is 1 to 32 letters, digits, {@code .}, {@code _} or {@code -}: names are printed in the login
 * dialogue, so only such names enter the table. A name not in the table costs the same hash as a known one.
 */
final class PasswordTable {

    static final String FILE = "ssh-users";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023). */
    private static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** 16 characters of this alphabet (no 0/O, 1/l/I): about 92 bits. */
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int PASSWORD_LENGTH = 16;

    private final Path file;
    private final SecureRandom random;
    private final Map<String, Entry> entries;
    private final Entry dummy;

    private record Entry(int iterations, byte[] salt, byte[] hash) {
    }

    private PasswordTable(Path file, SecureRandom random, Map<String, Entry> entries) {
        this.file = file;
        this.random = random;
        this.entries = entries;
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        this.dummy = new Entry(ITERATIONS, salt, new byte[HASH_BITS / 8]);
    }

    /** The table in {@code data}; empty when its file does not exist yet. */
    static PasswordTable open(Path data, SecureRandom random) {
        Path file = data.resolve(FILE);
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (Files.exists(file)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password table " + file, e);
            }
            int n = 0;
            for (String line : lines) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(":", -1);
                if (f.length != 4 || !NAME.matcher(f[0]).matches()) {
                    throw new IllegalStateException("the password table " + file + " has a malformed line " + n
                            + ": delete the line (or the file) and add the user again");
                }
                entries.put(f[0], new Entry(Integer.parseInt(f[1]), Base64.getDecoder().decode(f[2]),
                        Base64.getDecoder().decode(f[3])));
            }
        }
        return new PasswordTable(file, random, entries);
    }

    /** Whether {@code name} can be put in the table (see the class comment). */
    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    synchronized List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * Sets a new random password for {@code name} (adding the user if new), writes the table and returns the
     * password: the only time it exists outside the hash.
     */
    synchronized char[] newPassword(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("a user name is 1 to 32 letters, digits, '.', '_' or '-'");
        }
        char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        entries.put(name, new Entry(ITERATIONS, salt, hash(password, salt, ITERATIONS)));
        write();
        return password;
    }

    /** Whether {@code password} is {@code name}'s; false for an unknown name, after the same work. */
    boolean check(String name, String password) {
        Optional<Entry> found;
        synchronized (this) {
            found = Optional.ofNullable(isValidName(name) ? entries.get(name) : null);
        }
        Entry e = found.orElse(dummy);
        char[] typed = password == null ? new char[0] : password.toCharArray();
        boolean equal = MessageDigest.isEqual(hash(typed, e.salt(), e.iterations()), e.hash());
        return found.isPresent() && equal;
    }

    private static byte[] hash(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Writes the whole table to a temporary file only the owner can read, then moves it into place. */
    private void write() {
        List<String> lines = new ArrayList<>();
        lines.add("# mfa4j examples/ssh-server: user:iterations:salt:PBKDF2-HMAC-SHA256 hash (Base64)");
        Base64.Encoder b64 = Base64.getEncoder();
        entries.forEach((name, e) -> lines.add(name + ":" + e.iterations() + ":" + b64.encodeToString(e.salt())
                + ":" + b64.encodeToString(e.hash())));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the password table " + file, e);
        }
    }

    @Override
    public synchronized String toString() {
        return "PasswordTable[" + file + ", " + entries.size() + " users]";
    }
}
