package org.mfa4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfa4j.spi.FlowState;
import org.mfa4j.spi.MfaStore;
import org.mfa4j.spi.ProviderRecord;
import org.mfa4j.spi.UserDocument;
import org.mfa4j.spi.VersionedDocument;

/**
 * What every {@link MfaStore} must do: versioned compare-and-set, exact round trips of documents, and no
 * lost update under concurrency. Extend it with the store under test; user ids are unique per test run.
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

    /** A document that uses every field and every property type. */
    public static UserDocument richDocument() {
        Instant t = Instant.parse("2026-03-04T05:06:07.123Z");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("s", "text with \"quotes\", unicode \u00e9\u4e2d and \\ backslash");
        props.put("n", 1234567890123L);
        props.put("neg", -7L);
        props.put("b", Boolean.TRUE);
        props.put("list", List.of("a", "b", ""));
        props.put("empty", List.of());
        Map<String, Object> challenge = new LinkedHashMap<>();
        challenge.put("code", "v1.k1.abc");
        challenge.put("expires", "2026-03-04T05:16:07Z");
        ProviderRecord active = new ProviderRecord(true, t, t.plusSeconds(1), Optional.of(t.plusSeconds(2)), 2,
                Optional.of(t.plusSeconds(60)), 1, props, challenge);
        ProviderRecord pending = ProviderRecord.created(t);
        return UserDocument.empty().withProvider("totp", active).withProvider("recovery", pending)
                .withDefaultProvider(Optional.of("totp")).withAccountFailures(5).withFactorEpoch(9)
                .withFlow(Optional.of(new FlowState("flow-digest", 1, t)));
    }

    @Test
    void absentUserHasNoDocument() {
        assertThat(store.load(user("nobody"))).isEmpty();
        assertThat(store.delete(user("nobody"), 1)).isFalse();
    }

    @Test
    void insertThenUpdateByVersion() {
        String u = user("alice");
        UserDocument d1 = UserDocument.empty().withAccountFailures(1);
        assertThat(store.compareAndSet(u, 0, d1)).isTrue();
        assertThat(store.load(u)).contains(new VersionedDocument(d1, 1));
        assertThat(store.compareAndSet(u, 0, d1)).as("insert twice").isFalse();

        UserDocument d2 = d1.withAccountFailures(2);
        assertThat(store.compareAndSet(u, 2, d2)).as("wrong version").isFalse();
        assertThat(store.compareAndSet(u, 1, d2)).isTrue();
        assertThat(store.load(u)).contains(new VersionedDocument(d2, 2));
        assertThat(store.compareAndSet(u, 1, d1)).as("stale version").isFalse();
        assertThat(store.load(u).orElseThrow().document()).isEqualTo(d2);
    }

    @Test
    void documentsRoundTripExactly() {
        String u = user("rich");
        UserDocument doc = richDocument();
        assertThat(store.compareAndSet(u, 0, doc)).isTrue();
        VersionedDocument loaded = store.load(u).orElseThrow();
        assertThat(loaded.version()).isEqualTo(1);
        assertThat(loaded.document()).isEqualTo(doc);
        assertThat(loaded.document().providers().keySet()).containsExactly("totp", "recovery");
    }

    @Test
    void deleteNeedsTheCurrentVersion() {
        String u = user("bob");
        store.compareAndSet(u, 0, UserDocument.empty());
        store.compareAndSet(u, 1, UserDocument.empty().withFactorEpoch(1));
        assertThat(store.delete(u, 1)).isFalse();
        assertThat(store.load(u)).isPresent();
        assertThat(store.delete(u, 2)).isTrue();
        assertThat(store.load(u)).isEmpty();
        assertThat(store.compareAndSet(u, 0, UserDocument.empty())).as("insert after delete").isTrue();
    }

    @Test
    void aDeletedDocumentCannotBeDeletedAgain() {
        String u = user("gone");
        store.compareAndSet(u, 0, UserDocument.empty());
        assertThat(store.delete(u, 1)).isTrue();
        for (long v = 0; v <= 3; v++) {
            assertThat(store.delete(u, v)).as("delete of version %d after the delete", v).isFalse();
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
        UserDocument old = UserDocument.empty().withFactorEpoch(1);
        store.compareAndSet(u, 0, UserDocument.empty());
        store.compareAndSet(u, 1, old);
        Optional<VersionedDocument> remembered = store.remembered(u);
        remembered.ifPresent(r -> assertThat(r).as("remembered after the write").isEqualTo(new VersionedDocument(old, 2)));

        assertThat(store.delete(u, 2)).isTrue();
        assertThat(store.remembered(u)).as("forgotten on delete").isEmpty();
        UserDocument fresh = UserDocument.empty().withFactorEpoch(100);
        assertThat(store.compareAndSet(u, 0, fresh)).isTrue();
        VersionedDocument now = store.load(u).orElseThrow();
        while (now.version() < 2) {
            assertThat(store.compareAndSet(u, now.version(), fresh)).isTrue();
            now = store.load(u).orElseThrow();
        }
        if (remembered.isPresent()) {
            assertThat(now.version()).as("versions continue after a delete").isGreaterThan(2);
            assertThat(store.compareAndSet(u, 2, old)).as("the remembered version of the deleted document").isFalse();
            assertThat(store.load(u).orElseThrow().document()).isEqualTo(fresh);
        }
        store.remembered(u).ifPresent(r -> assertThat(r).as("remembered after a read").isEqualTo(
                store.load(u).orElseThrow()));
    }

    @Test
    void usersAreIndependent() {
        store.compareAndSet(user("a"), 0, UserDocument.empty().withAccountFailures(1));
        store.compareAndSet(user("b"), 0, UserDocument.empty().withAccountFailures(2));
        assertThat(store.load(user("a")).orElseThrow().document().accountFailures()).isEqualTo(1);
        assertThat(store.load(user("b")).orElseThrow().document().accountFailures()).isEqualTo(2);
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
                        int n = cur.map(c -> c.document().accountFailures()).orElse(0);
                        if (store.compareAndSet(u, v, UserDocument.empty().withAccountFailures(n + 1))) {
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
        assertThat(end.document().accountFailures()).isEqualTo(threads * increments);
        assertThat(end.version()).isEqualTo(threads * increments);
    }
}
