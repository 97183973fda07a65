package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testproviders.CodeProvider;

class SecretKeysTest {

    @TempDir
    Path dir;

    private static String key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }

    private static byte[] bytes(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    /** A key file as an administrator would leave it: readable by its owner only. */
    private static Path privateFile(Path f, String content) throws Exception {
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void readsAKeyFileWithTheCurrentKeyFirst() throws Exception {
        Path f = privateFile(dir.resolve("keys"), "# comment\n\nnew=" + key(2) + "\nold=" + key(1) + "\n");
        SecretKeys k = SecretKeys.fromFile(f);
        assertThat(k.currentId()).isEqualTo("new");
        assertThat(k.ids()).containsExactly("new", "old");
        assertThat(k.isEphemeral()).isFalse();
        assertThat(k.isDestroyed()).isFalse();
        assertThat(k.toString()).doesNotContain(key(2)).isEqualTo("SecretKeys[current=new, ids=[new, old]]");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        assertThat(SecretKeys.fromFile(f).ids()).as("read-only for the owner is fine").containsExactly("new", "old");
        Path one = privateFile(dir.resolve("one"), "a=" + key(1) + "\n");
        assertThat(SecretKeys.fromFile(one).ids()).as("a one-letter id").containsExactly("a");
    }

    @Test
    void badFilesAreRefusedWithTheLine() throws Exception {
        Path f = dir.resolve("keys");
        privateFile(f, "k1=" + key(1) + "\nbroken\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("line 2");
        privateFile(f, "k1=notbase64!\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("not base64");
        privateFile(f, "k1=" + Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("32 bytes");
        privateFile(f, "k 1=" + key(1) + "\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("key id");
        privateFile(f, "k1=" + key(1) + "\nk1=" + key(2) + "\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("line 2: duplicate");
        privateFile(f, "k1=" + key(1) + "\nk2=" + key(0) + "\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("line 2: key is all zeros");
        privateFile(f, "# nothing\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("no key");
        assertThatThrownBy(() -> SecretKeys.fromFile(dir.resolve("missing")))
                .hasMessageContaining("SecretKeys.generateFile");
    }

    @Test
    void aKeyFileOthersCanUseIsRefusedWithTheFix() throws Exception {
        Path f = privateFile(dir.resolve("keys"), "k1=" + key(1) + "\n");
        String[] modes = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw------x", "rwx---rwx"};
        for (String mode : modes) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> SecretKeys.fromFile(f)).as(mode).isInstanceOf(MfaConfigurationException.class)
                    .hasMessageContaining("has mode " + mode)
                    .hasMessageContaining("group or others")
                    .hasMessageEndingWith("chmod 600 " + f)
                    .hasMessageNotContaining(key(1));
            assertThatThrownBy(() -> SecretKeys.loadOrGenerate(f, new SecureRandom())).as(mode)
                    .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("chmod 600 " + f);
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThat(SecretKeys.fromFile(f).ids()).containsExactly("k1");
    }

    @Test
    void generatesAPrivateFileOnceAndNeverOverwrites() throws Exception {
        Path f = dir.resolve("sub/keys");
        SecretKeys k = SecretKeys.generateFile(f, new SecureRandom());
        assertThat(SecretKeys.fromFile(f).ids()).isEqualTo(k.ids());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        String before = Files.readString(f);
        assertThatThrownBy(() -> SecretKeys.generateFile(f, new SecureRandom()))
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("refusing to overwrite");
        assertThat(Files.readString(f)).isEqualTo(before);
        assertThat(SecretKeys.loadOrGenerate(f, new SecureRandom()).ids()).isEqualTo(k.ids());
        Path other = dir.resolve("other");
        assertThat(SecretKeys.loadOrGenerate(other, new SecureRandom()).ids()).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other))).isEqualTo("rw-------");
        assertThat(SecretKeys.fromFile(other).ids()).as("what loadOrGenerate wrote it reads back")
                .isEqualTo(SecretKeys.loadOrGenerate(other, new SecureRandom()).ids())
                .as("a fresh id for each file").isNotEqualTo(k.ids());
    }

    @Test
    void onAFileSystemWithoutPosixPermissionsTheCheckIsSkipped() throws Exception {
        URI zip = URI.create("jar:" + dir.resolve("keys.zip").toUri());
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Path f = fs.getPath("/conf/mfa4j.keys");
            assertThat(fs.supportedFileAttributeViews()).doesNotContain("posix");
            assertThat(Files.getFileAttributeView(fs.getPath("/"), PosixFileAttributeView.class)).isNull();
            SecretKeys generated = SecretKeys.generateFile(f, new SecureRandom());
            assertThat(SecretKeys.fromFile(f).ids()).isEqualTo(generated.ids());
            Path written = fs.getPath("/written.keys");
            Files.writeString(written, "k1=" + key(1) + "\n");
            assertThat(SecretKeys.loadOrGenerate(written, new SecureRandom()).ids()).containsExactly("k1");
        }
    }

    @Test
    void keysAndIdsAreValidated() {
        assertThatThrownBy(() -> SecretKeys.of("k1", new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretKeys.of("", bytes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretKeys.of(null, bytes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretKeys.of("k".repeat(33), bytes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(SecretKeys.of("k".repeat(32), bytes(1)).currentId()).hasSize(32);
        assertThatThrownBy(() -> SecretKeys.of("k1", new byte[32])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all zeros");
        assertThatThrownBy(() -> SecretKeys.of("k1", bytes(1)).withRetired(SecretKeys.of("k1", bytes(2))))
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("two different keys");
        SecretKeys rotated = SecretKeys.of("k2", bytes(2)).withRetired(SecretKeys.of("k1", bytes(1)))
                .withRetired(SecretKeys.of("k1", bytes(1)));
        assertThat(rotated.currentId()).isEqualTo("k2");
        assertThat(rotated.ids()).containsExactly("k2", "k1");
        SecretKeys e = SecretKeys.ephemeral(new SecureRandom());
        assertThat(e.isEphemeral()).isTrue();
        assertThat(e.currentId()).startsWith("eph-").isNotEqualTo(SecretKeys.ephemeral(new SecureRandom()).currentId());
        assertThatThrownBy(() -> SecretKeys.ephemeral(new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0); // a broken random source
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all zeros");
        assertThat(e.ids()).containsExactly(e.currentId());
        assertThat(e.toString()).endsWith(", ephemeral]");
    }

    @Test
    void theKeysAreCopiedIn() {
        byte[] raw = bytes(1);
        SecretKeys k = SecretKeys.of("k1", raw);
        Arrays.fill(raw, (byte) 0);
        // Still the key of ones: the same id with those bytes joins without a conflict.
        assertThat(k.withRetired(SecretKeys.of("k1", bytes(1))).ids()).containsExactly("k1");
    }

    @Test
    void noPublicMethodHandsOutKeyMaterial() {
        for (Method m : SecretKeys.class.getMethods()) {
            if (m.getDeclaringClass() != SecretKeys.class || !Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            Class<?> r = m.getReturnType();
            assertThat(r).as(m.toString()).isNotIn(byte[].class, SecretBytes.class, Optional.class, char[].class);
            assertThat(Key.class.isAssignableFrom(r)).as(m.toString()).isFalse();
            assertThat(r.getPackageName()).as(m.toString()).doesNotStartWith("javax.crypto")
                    .isNotEqualTo("org.mfa4j.internal");
        }
        // Instance fields only: coverage tools (PIT) add static ones of their own.
        assertThat(Arrays.stream(SecretKeys.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))).isNotEmpty().allMatch(f -> Modifier.isPrivate(f.getModifiers()));
    }

    @Test
    void destroyedKeysAreMarkedAndCannotBeCombined() {
        SecretKeys k = SecretKeys.of("k1", bytes(1));
        k.destroy();
        k.destroy(); // idempotent
        assertThat(k.isDestroyed()).isTrue();
        assertThat(k.toString()).isEqualTo("SecretKeys[current=k1, ids=[k1], destroyed]");
        assertThatThrownBy(() -> SecretKeys.of("k2", bytes(2)).withRetired(k)).isInstanceOf(MfaSecretException.class)
                .hasMessageContaining("destroyed");
        assertThatThrownBy(() -> k.withRetired(SecretKeys.of("k2", bytes(2)))).isInstanceOf(MfaSecretException.class);
    }

    @Test
    void aWipedKeyCantSeal() {
        SecretKeys keys = SecretKeys.of("k1", bytes(7));
        InMemoryMfaStore store = new InMemoryMfaStore();
        Mfa mfa = Mfa.builder().store(store).keys(keys).provider(new CodeProvider("code")).build();
        MfaUser alice = MfaUser.of("alice");
        String code = mfa.setup(alice, "code", MfaSession.of("s")).view().orElseThrow().require("code");
        assertThat(mfa.activate(alice, "code", MfaInput.code(code), MfaSession.of("session-1")).status()).isEqualTo(Status.ACCEPTED);
        String stored = store.load("alice").orElseThrow().toString();

        keys.destroy();
        MfaUser bob = MfaUser.of("bob");
        assertThatThrownBy(() -> mfa.setup(bob, "code", MfaSession.of("s")).view().orElseThrow()).isInstanceOf(MfaSecretException.class)
                .hasMessageContaining("destroyed");
        assertThat(store.load("bob")).as("nothing sealed, nothing written").isEmpty();
        assertThatThrownBy(() -> mfa.verify(alice, "code", MfaInput.code(code), MfaSession.of("session-2")))
                .isInstanceOf(MfaException.class).hasMessageNotContaining(code);
        assertThat(store.load("alice").orElseThrow().toString()).as("alice's entry untouched").isEqualTo(stored);
    }
}
