package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaSecretException;
import org.mfa4j.SecretKeys;

class ProofSignerTest {

    private static final String SESSION = "sess-0f9e8d7c6b5a-raw";

    private static byte[] bytes(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private static byte[] signed(ProofSigner s, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.US_ASCII);
        byte[] body = Arrays.copyOf(p, p.length + 32);
        s.sign(body, p.length);
        return body;
    }

    @Test
    void flowDigestsAreKeyedStableAndPerSession() {
        ProofSigner s = new ProofSigner(SecretKeys.of("k1", bytes(1)));
        String d = s.flowDigest(SESSION);
        assertThat(d).hasSize(22).doesNotContain(SESSION);
        assertThat(s.flowDigest(SESSION)).isEqualTo(d);
        assertThat(new ProofSigner(SecretKeys.of("k1", bytes(1))).flowDigest(SESSION)).as("another node").isEqualTo(d);
        assertThat(s.flowDigest(SESSION + "x")).isNotEqualTo(d);
        assertThat(new ProofSigner(SecretKeys.of("k1", bytes(2))).flowDigest(SESSION)).as("another key")
                .isNotEqualTo(d);
        // A non-ASCII id takes the cache's UTF-8 path: the same digest on a hit and on another node.
        String accented = SESSION + "-é€";
        String e = s.flowDigest(accented);
        assertThat(s.flowDigest(accented)).isEqualTo(e).isNotEqualTo(d);
        assertThat(new ProofSigner(SecretKeys.of("k1", bytes(1))).flowDigest(accented)).isEqualTo(e);
    }

    @Test
    void theDigestCacheHoldsNoSessionId() throws Exception {
        ProofSigner s = new ProofSigner(SecretKeys.of("k1", bytes(1)));
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sessions.add(SESSION + i);
            s.flowDigest(SESSION + i);
            s.flowDigest(SESSION + i); // a cache hit
        }
        Map<?, ?> cache = (Map<?, ?>) field(s, "flowDigests");
        assertThat(cache).as("the cache is in use").hasSize(50);
        List<Object> reached = reachable(s);
        for (Object o : reached) {
            for (String id : sessions) {
                assertThat(holds(o, id)).as("%s holds a session id", o.getClass().getName()).isFalse();
            }
        }
    }

    @Test
    void theDigestCacheIsBounded() throws Exception {
        ProofSigner s = new ProofSigner(SecretKeys.of("k1", bytes(1)));
        Map<?, ?> cache = (Map<?, ?>) field(s, "flowDigests");
        String first = s.flowDigest("s-0");
        for (int i = 1; i < 10_000; i++) {
            s.flowDigest("s-" + i);
        }
        assertThat(cache).hasSize(10_000);
        s.flowDigest("s-10000");
        assertThat(cache).as("full: emptied, then this one").hasSize(1);
        assertThat(s.flowDigest("s-0")).as("recomputed alike").isEqualTo(first);
    }

    @Test
    void signaturesUseADerivedKeyNotTheSealingKey() throws Exception {
        ProofSigner s = new ProofSigner(SecretKeys.of("k1", bytes(1)));
        byte[] body = signed(s, "payload");
        assertThat(s.verify("k1", body, 7)).isTrue();
        assertThat(new ProofSigner(SecretKeys.of("k1", bytes(1))).verify("k1", body, 7)).isTrue();
        assertThat(s.verify("k2", body, 7)).as("unknown key id").isFalse();
        assertThat(s.verify("k1", Arrays.copyOf(body, body.length - 1), 7)).isFalse();
        body[0] ^= 1;
        assertThat(s.verify("k1", body, 7)).isFalse();
        body[0] ^= 1;

        Mac raw = Mac.getInstance("HmacSHA256");
        raw.init(new SecretKeySpec(bytes(1), "HmacSHA256"));
        byte[] underSealingKey = raw.doFinal("payload".getBytes(StandardCharsets.US_ASCII));
        assertThat(Arrays.copyOfRange(body, 7, body.length)).isNotEqualTo(underSealingKey);
        Mac derived = Mac.getInstance("HmacSHA256");
        derived.init(new SecretKeySpec(raw.doFinal("mfa4j proof key v1".getBytes(StandardCharsets.US_ASCII)),
                "HmacSHA256"));
        assertThat(Arrays.copyOfRange(body, 7, body.length))
                .isEqualTo(derived.doFinal("payload".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anOlderKeyStillVerifiesAfterRotation() {
        ProofSigner old = new ProofSigner(SecretKeys.of("k1", bytes(1)));
        byte[] body = signed(old, "payload");
        ProofSigner rotated = new ProofSigner(SecretKeys.of("k2", bytes(2)).withRetired(SecretKeys.of("k1", bytes(1))));
        assertThat(rotated.currentKeyId()).isEqualTo("k2");
        assertThat(rotated.verify("k1", body, 7)).isTrue();
        assertThat(rotated.verify("k2", body, 7)).isFalse();
        assertThat(rotated.toString()).isEqualTo("ProofSigner[current=k2]");
    }

    @Test
    void destroyedKeysNeitherSignNorVerifyNorDigest() {
        SecretKeys keys = SecretKeys.of("k1", bytes(1));
        ProofSigner s = new ProofSigner(keys);
        byte[] body = signed(s, "payload"); // this thread's Mac is keyed now
        s.flowDigest(SESSION);
        keys.destroy();
        assertThatThrownBy(() -> signed(s, "payload")).isInstanceOf(MfaSecretException.class)
                .hasMessageContaining("destroyed");
        assertThatThrownBy(() -> s.verify("k1", body, 7)).isInstanceOf(MfaSecretException.class);
        assertThatThrownBy(() -> s.flowDigest(SESSION)).isInstanceOf(MfaSecretException.class);
        assertThatThrownBy(() -> new ProofSigner(keys).flowDigest(SESSION)).isInstanceOf(MfaSecretException.class);
    }

    private static Object field(Object o, String name) throws Exception {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    /** Every object reachable from {@code root} through this library's fields, maps, collections and arrays. */
    private static List<Object> reachable(Object root) throws IllegalAccessException {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        List<Object> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Object o = todo.remove(todo.size() - 1);
            if (o == null || seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            if (o instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    todo.add(k);
                    todo.add(v);
                });
            } else if (o instanceof Collection<?> c) {
                todo.addAll(c);
            } else if (o.getClass().isArray() && !o.getClass().getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(o); i++) {
                    todo.add(Array.get(o, i));
                }
            } else if (o.getClass().getName().startsWith("org.mfa4j.")) {
                for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                            f.setAccessible(true);
                            todo.add(f.get(o));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(seen.keySet());
    }

    private static boolean holds(Object o, String id) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        if (o instanceof String s) {
            return s.contains(id);
        }
        if (o instanceof byte[] b) {
            return indexOf(b, utf8) >= 0;
        }
        if (o instanceof char[] c) {
            return new String(c).contains(id);
        }
        if (o instanceof ByteBuffer b) {
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            return indexOf(copy, utf8) >= 0;
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
