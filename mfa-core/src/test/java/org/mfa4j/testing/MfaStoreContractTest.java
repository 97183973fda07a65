package org.mfa4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfa4j.store.Document;
import org.mfa4j.store.MfaStore;
import org.mfa4j.store.VersionedDocument;

/**
 * What every {@link MfaStore} must do: versioned compare-and-set, round trips of documents (the same JSON
 * value), and no lost update under concurrency. Documents are opaque: the kit writes JSON text as the engine
 * would and reads it back. Extend it with the store under test; user ids are unique per test run.
 */
public abstract class MfaStoreContractTest {

    protected MfaStore store;
    private String prefix;

    /** A store over an empty (or at least disjoint) data set. */
    protected abstract MfaStore createStore();

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
        prefix = "u-" + System.nanoTime() + "-";
    }

    protected final String user(String name) {
        return prefix + name;
    }

    /** The time the kit's documents are written at. */
    protected static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");

    private static final Pattern FAILURES = Pattern.compile("\"accountFailures\"\\s*:\\s*(\\d+)");

    /** A valid document whose account failure count is {@code n}, as the engine writes it. */
    protected static Document doc(int n) {
        return Document.ofJson("{\"format\":1,\"providers\":[],\"accountFailures\":" + n
                + ",\"factorEpoch\":" + (n + 1) + "}", AT);
    }

    /** A document that uses every kind of JSON value the engine writes (strings with escapes, nesting, lists). */
    protected static Document richDocument() {
        return Document.ofJson("{\"format\":1,\"providers\":[{\"id\":\"totp\",\"active\":true,"
                + "\"created\":\"2026-03-04T05:06:07.123Z\",\"failures\":2,\"properties\":{\"s\":\"text with "
                + "\\\"quotes\\\", unicode \u00e9\u4e2d and \\\\ backslash\",\"n\":1234567890123,\"neg\":-7,"
                + "\"b\":true,\"list\":[\"a\",\"b\",\"\"],\"empty\":[]}},{\"id\":\"recovery\",\"active\":false}],"
                + "\"defaultProvider\":\"totp\",\"accountFailures\":5,\"factorEpoch\":9}", AT);
    }

    /** The account failure count in a stored document's text (the marker the kit's documents carry). */
    protected static int failures(VersionedDocument stored) {
        Matcher m = FAILURES.matcher(stored.document().json());
        assertThat(m.find()).as("the stored text keeps the document's fields").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /**
     * The same JSON value: a store may keep the text as it was given or re-formatted (PostgreSQL's
     * {@code jsonb} orders keys and adds spaces), never with a value changed.
     */
    protected static void assertSameJson(Document actual, Document expected) {
        assertThat(JsonValues.parse(actual.json())).isEqualTo(JsonValues.parse(expected.json()));
    }

    @Test
    void absentUserHasNoDocument() {
        assertThat(store.load(user("nobody"))).isEmpty();
        assertThat(store.delete(user("nobody"), 1, AT)).isFalse();
    }

    @Test
    void insertThenUpdateByVersion() {
        String u = user("alice");
        assertThat(store.compareAndSet(u, 0, doc(1))).isTrue();
        assertThat(store.load(u)).hasValueSatisfying(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(failures(v)).isEqualTo(1);
        });
        assertThat(store.compareAndSet(u, 0, doc(1))).as("insert twice").isFalse();

        assertThat(store.compareAndSet(u, 2, doc(2))).as("wrong version").isFalse();
        assertThat(store.compareAndSet(u, 1, doc(2))).isTrue();
        assertThat(store.load(u)).hasValueSatisfying(v -> {
            assertThat(v.version()).isEqualTo(2);
            assertThat(failures(v)).isEqualTo(2);
        });
        assertThat(store.compareAndSet(u, 1, doc(1))).as("stale version").isFalse();
        assertThat(failures(store.load(u).orElseThrow())).isEqualTo(2);
    }

    @Test
    void documentsRoundTripExactly() {
        String u = user("rich");
        Document doc = richDocument();
        assertThat(store.compareAndSet(u, 0, doc)).isTrue();
        VersionedDocument loaded = store.load(u).orElseThrow();
        assertThat(loaded.version()).isEqualTo(1);
        assertSameJson(loaded.document(), doc);
    }

    @Test
    void deleteNeedsTheCurrentVersion() {
        String u = user("bob");
        store.compareAndSet(u, 0, doc(0));
        store.compareAndSet(u, 1, doc(1));
        assertThat(store.delete(u, 1, AT)).isFalse();
        assertThat(store.load(u)).isPresent();
        assertThat(store.delete(u, 2, AT)).isTrue();
        assertThat(store.load(u)).isEmpty();
        assertThat(store.compareAndSet(u, 0, doc(0))).as("insert after delete").isTrue();
    }

    @Test
    void aDeletedDocumentCannotBeDeletedAgain() {
        String u = user("gone");
        store.compareAndSet(u, 0, doc(0));
        assertThat(store.delete(u, 1, AT)).isTrue();
        for (long v = 0; v <= 3; v++) {
            assertThat(store.delete(u, v, AT)).as("delete of version %d after the delete", v).isFalse();
        }
        assertThat(store.load(u)).isEmpty();
    }

    /**
     * What a store remembers ({@link MfaStore#remembered}) is what it last wrote, is forgotten on delete,
     * and its version never matches a document written after the delete (the ABA hazard: a stale document
     * with an old secret written back). Stores that remember nothing pass trivially.
     */
    @Test
    void aRememberedVersionNeverMatchesADocumentWrittenAfterADelete() {
        String u = user("reborn");
        Document old = doc(1);
        store.compareAndSet(u, 0, doc(0));
        store.compareAndSet(u, 1, old);
        Optional<VersionedDocument> remembered = store.remembered(u);
        remembered.ifPresent(r -> {
            assertThat(r.version()).as("remembered after the write").isEqualTo(2);
            assertThat(failures(r)).isEqualTo(1);
        });

        assertThat(store.delete(u, 2, AT)).isTrue();
        assertThat(store.remembered(u)).as("forgotten on delete").isEmpty();
        Document fresh = doc(100);
        assertThat(store.compareAndSet(u, 0, fresh)).isTrue();
        VersionedDocument now = store.load(u).orElseThrow();
        while (now.version() < 2) {
            assertThat(store.compareAndSet(u, now.version(), fresh)).isTrue();
            now = store.load(u).orElseThrow();
        }
        if (remembered.isPresent()) {
            assertThat(now.version()).as("versions continue after a delete").isGreaterThan(2);
            assertThat(store.compareAndSet(u, 2, old)).as("the remembered version of the deleted document").isFalse();
            assertThat(failures(store.load(u).orElseThrow())).isEqualTo(100);
        }
        VersionedDocument read = store.load(u).orElseThrow();
        store.remembered(u).ifPresent(r -> {
            assertThat(r.version()).as("remembered after a read").isEqualTo(read.version());
            assertThat(failures(r)).isEqualTo(failures(read));
        });
    }

    @Test
    void usersAreIndependent() {
        store.compareAndSet(user("a"), 0, doc(1));
        store.compareAndSet(user("b"), 0, doc(2));
        assertThat(failures(store.load(user("a")).orElseThrow())).isEqualTo(1);
        assertThat(failures(store.load(user("b")).orElseThrow())).isEqualTo(2);
    }

    @Test
    void noLostUpdateUnderConcurrency() throws Exception {
        String u = user("counter");
        int threads = 8;
        int increments = 50;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                int conflicts = 0;
                for (int i = 0; i < increments; i++) {
                    while (true) {
                        Optional<VersionedDocument> cur = store.load(u);
                        long v = cur.map(VersionedDocument::version).orElse(0L);
                        int n = cur.map(MfaStoreContractTest::failures).orElse(0);
                        if (store.compareAndSet(u, v, doc(n + 1))) {
                            break;
                        }
                        conflicts++;
                    }
                }
                return conflicts;
            }));
        }
        for (Future<Integer> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        VersionedDocument end = store.load(u).orElseThrow();
        assertThat(failures(end)).isEqualTo(threads * increments);
        assertThat(end.version()).isEqualTo(threads * increments);
    }
}
