package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeysTest {

    @TempDir
    Path dir;

    private static String key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void readsAKeyFileWithTheCurrentKeyFirst() throws Exception {
        Path f = dir.resolve("keys");
        Files.writeString(f, "# comment\n\nnew=" + key(2) + "\nold=" + key(1) + "\n");
        SecretKeys k = SecretKeys.fromFile(f);
        assertThat(k.currentId()).isEqualTo("new");
        assertThat(k.ids()).containsExactly("new", "old");
        assertThat(k.isEphemeral()).isFalse();
        assertThat(k.toString()).doesNotContain(key(2)).contains("new");
    }

    @Test
    void badFilesAreRefusedWithTheLine() throws Exception {
        Path f = dir.resolve("keys");
        Files.writeString(f, "k1=" + key(1) + "\nbroken\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("line 2");
        Files.writeString(f, "k1=notbase64!\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("not base64");
        Files.writeString(f, "k1=" + Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("32 bytes");
        Files.writeString(f, "k 1=" + key(1) + "\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("key id");
        Files.writeString(f, "k1=" + key(1) + "\nk1=" + key(2) + "\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("duplicate");
        Files.writeString(f, "# nothing\n");
        assertThatThrownBy(() -> SecretKeys.fromFile(f)).hasMessageContaining("no key");
        assertThatThrownBy(() -> SecretKeys.fromFile(dir.resolve("missing")))
                .hasMessageContaining("SecretKeys.generateFile");
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
        assertThat(SecretKeys.loadOrGenerate(dir.resolve("other"), new SecureRandom()).ids()).hasSize(1);
    }

    @Test
    void keysAndIdsAreValidated() {
        assertThatThrownBy(() -> SecretKeys.of("k1", new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretKeys.of("", new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretKeys.of("k1", new byte[32]).withRetired(SecretKeys.of("k1", new byte[] {
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})))
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("two different keys");
        SecretKeys e = SecretKeys.ephemeral(new SecureRandom());
        assertThat(e.isEphemeral()).isTrue();
        assertThat(e.currentId()).startsWith("eph-");
        assertThat(e.key(e.currentId())).isPresent();
        assertThat(e.key("nope")).isEmpty();
    }
}
