package org.mfa4j.provider.u2f;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.Change;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.JdbcMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;
import org.mfa4j.testing.jdbc.TestDatabases;

/**
 * The passkey requests of anonymous prompts, in the in-memory store and the JDBC store on H2: an answer
 * deletes its request, later prompts delete the expired ones, a flood of prompts stays bounded, and two
 * threads prompting at once lose no request from the index that bounds them.
 */
class U2fPasskeyRequestsTest {

    private static final String RP_ID = "mfa4j.test";
    private static final String ORIGIN = "https://mfa4j.test";
    /** {@code PasskeyRequests.SHARDS}: a node sweeps every shard once in this many prompts. */
    private static final int SHARDS = 64;

    private HikariDataSource pool;

    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private final MfaUser alice = MfaUser.of("alice");

    @AfterEach
    void stopDatabase() {
        if (pool != null) {
            pool.close();
        }
    }

    /** An empty store: in memory, or the JDBC store on a fresh H2 database. */
    private Requests store(String kind) {
        if (!kind.equals("h2")) {
            return new Requests(new InMemoryMfaStore());
        }
        pool = TestDatabases.h2Pool(TestDatabases.h2Url(), "u2f-passkey-requests", 4);
        JdbcMfaStore store = JdbcMfaStore.create(pool);
        store.createSchema();
        return new Requests(store);
    }

    private Mfa mfa(Requests store) {
        return Mfa.builder().store(store.recording).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock).listener(events)
                .provider(new U2fProviderFactory())
                .configure(U2fProviderFactory.ID, Map.of("rp-id", RP_ID, "timeout", "PT1M", "passkeys", "true"))
                .build();
    }

    private static Prompt prompt(Mfa mfa, String session) {
        Prompt p = mfa.passkeyPrompt(MfaSession.of(session));
        assertThat(p.status()).isEqualTo(Status.ACCEPTED);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void anAnswerDeletesItsRequestWhateverTheVerdict(String kind) {
        Requests store = store(kind);
        Mfa mfa = mfa(store);
        SoftKey key = new SoftKey(ORIGIN, RP_ID);
        Change setup = mfa.setup(alice, U2fProviderFactory.ID, MfaSession.of("e"));
        assertThat(mfa.activate(alice, U2fProviderFactory.ID, key.register(setup.view().orElseThrow()),
                MfaSession.of("e")).status()).isEqualTo(Status.ACCEPTED);

        Prompt p = prompt(mfa, "login");
        assertThat(store.live()).isEqualTo(1);
        Result r = mfa.passkeySignIn(key.sign(p.view()), MfaSession.of("login"), id -> Optional.of(alice));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(store.live()).as("the request is deleted in the write that takes it").isZero();

        SoftKey stranger = new SoftKey(ORIGIN, RP_ID);
        stranger.register(mfa.setup(MfaUser.of("carol"), U2fProviderFactory.ID, MfaSession.of("e2")).view()
                .orElseThrow());
        Result refused = mfa.passkeySignIn(stranger.sign(prompt(mfa, "other").view()), MfaSession.of("other"),
                id -> Optional.empty());
        assertThat(refused.status()).isEqualTo(Status.REJECTED);
        assertThat(store.live()).as("a refused answer uses its request up too").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void laterPromptsDeleteTheExpiredRequests(String kind) {
        Requests store = store(kind);
        Mfa mfa = mfa(store);
        for (int i = 0; i < 10; i++) {
            prompt(mfa, "old-" + i);
        }
        assertThat(store.live()).isEqualTo(10);
        prompt(mfa, "old-0");
        assertThat(store.live()).as("a new prompt in a session replaces its request").isEqualTo(10);

        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 2 * SHARDS; i++) {
            prompt(mfa, "new-" + i);
        }
        assertThat(store.live()).as("only the new ones are left").isEqualTo(2 * SHARDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void aFloodOfPromptsStaysBounded(String kind) {
        Requests store = store(kind);
        Mfa mfa = mfa(store);
        int prompts = 1_000;
        for (int i = 0; i < prompts; i++) {
            prompt(mfa, "flood-" + i);
            clock.advance(Duration.ofSeconds(1));
        }
        // 60 s of live requests, and the expired ones until their shard's turn comes (at most 64 prompts later).
        assertThat(store.live()).as("of %s prompts", prompts).isBetween(60, 60 + SHARDS + 16);
    }

    @Test
    void aShardFullOfLiveRequestsDropsItsOldestAndTellsListenersSoAFloodStopsNobodysPrompt() {
        Requests store = store("memory");
        Mfa mfa = mfa(store);
        int prompts = SHARDS * 256 + 500;
        int issued = 0;
        for (int i = 0; i < prompts; i++) {
            issued += mfa.passkeyPrompt(MfaSession.of("flood-" + i)).issued() ? 1 : 0;
        }
        assertThat(issued).as("every prompt is issued").isEqualTo(prompts);
        assertThat(store.live()).as("but no more requests are kept than the shards hold")
                .isLessThanOrEqualTo(SHARDS * 256).isGreaterThan(SHARDS * 200);
        List<MfaEvent.PasskeyRefused> drops = events.events(MfaEvent.PasskeyRefused.class);
        assertThat(drops).hasSizeGreaterThanOrEqualTo(500)
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo(MfaEvent.PasskeyRefused.Reason.REQUEST_DROPPED));
        assertThat(drops.get(0).handleHash()).isEmpty();
        assertThat(drops.get(0).userId()).isEmpty();
        assertThat(events.events(MfaEvent.PasskeyRefused.class)).noneMatch(d ->
                d.reason() == MfaEvent.PasskeyRefused.Reason.TOO_MANY_REQUESTS);

        clock.advance(Duration.ofSeconds(61));
        int live = store.live();
        for (int i = 0; i < SHARDS; i++) {
            prompt(mfa, "after-" + i);
        }
        assertThat(store.live()).as("each prompt deletes a few expired ones").isLessThan(live);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void twoThreadsPromptingAtOnceLoseNoRequestFromTheIndex(String kind) throws Exception {
        Requests store = store(kind);
        Mfa mfa = mfa(store);
        int rounds = 40;
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (String thread : List.of("a", "b")) {
                runs.add(pool.submit(() -> {
                    int issued = 0;
                    for (int i = 0; i < rounds; i++) {
                        barrier.await();
                        issued += mfa.passkeyPrompt(MfaSession.of(thread + "-" + i)).issued() ? 1 : 0;
                    }
                    return issued;
                }));
            }
            assertThat(runs.get(0).get() + runs.get(1).get()).isEqualTo(2 * rounds);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.live()).isEqualTo(2 * rounds);

        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 2 * SHARDS; i++) {
            prompt(mfa, "later-" + i);
        }
        assertThat(store.live()).as("every request was in the index, so every one was purged")
                .isEqualTo(2 * SHARDS);
    }

    /** A store that remembers which request documents were written, to count those still there. */
    private static final class Requests {
        private static final String REQUEST = MfaStore.ENGINE_ID_PREFIX + "passkey-request/";
        private final MfaStore store;
        private final MfaStore recording;
        private final Set<String> written = ConcurrentHashMap.newKeySet();

        Requests(MfaStore store) {
            this.store = store;
            this.recording = (MfaStore) Proxy.newProxyInstance(MfaStore.class.getClassLoader(),
                    new Class<?>[] {MfaStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("compareAndSet") && ((String) args[0]).startsWith(REQUEST)) {
                            written.add((String) args[0]);
                        }
                        try {
                            return method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        /** How many request documents are there now. */
        int live() {
            return (int) written.stream().filter(id -> store.load(id).isPresent()).count();
        }
    }
}
