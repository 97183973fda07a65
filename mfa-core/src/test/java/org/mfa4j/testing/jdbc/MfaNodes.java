package org.mfa4j.testing.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.mfa4j.Mfa;
import org.mfa4j.SecretKeys;
import org.mfa4j.store.JdbcMfaStore;
import org.mfa4j.testing.RecordingListener;

/**
 * Several application "nodes" on one database, as in production: each node has its own connection pool,
 * its own {@link JdbcMfaStore} and its own {@link Mfa}; they share only the database and the application
 * keys. Each node records its events. {@link #race} runs work on every node at once, started together on a
 * {@link CyclicBarrier}.
 *
 * <p>Provider modules use it for their cross-node guarantees (a TOTP step accepted once across nodes, a
 * recovery code used once across nodes): mfa-core cannot depend on them, so those tests live beside the
 * providers and build on this class.
 */
public final class MfaNodes implements AutoCloseable {

    /** One node: its pool (close it to cut the node off), store, entry point and event record. */
    public record Node(String name, HikariDataSource pool, JdbcMfaStore store, Mfa mfa, RecordingListener events) {
        @Override
        public String toString() {
            return "Node[" + name + "]";
        }
    }

    /** Work one thread of one node does. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Node node, int thread) throws Exception;
    }

    private final List<Node> nodes;
    private final SecretKeys keys;

    private MfaNodes(List<Node> nodes, SecretKeys keys) {
        this.nodes = List.copyOf(nodes);
        this.keys = keys;
    }

    /**
     * {@code count} nodes on the test PostgreSQL (skipped without one, failed in CI: see
     * {@link TestDatabases#postgres()}). {@code configure} gets each node's builder with store, keys and
     * listener set, and adds providers, policy, clock.
     */
    public static MfaNodes onPostgres(String name, int count, int poolSize, UnaryOperator<Mfa.Builder> configure) {
        TestDatabases.postgres();
        return start(name, count, configure, n -> TestDatabases.postgresPool(n, poolSize));
    }

    /** {@code count} nodes on one fresh H2 in-memory database. */
    public static MfaNodes onH2(String name, int count, int poolSize, UnaryOperator<Mfa.Builder> configure) {
        String url = TestDatabases.h2Url();
        return start(name, count, configure, n -> TestDatabases.h2Pool(url, n, poolSize));
    }

    private static MfaNodes start(String name, int count, UnaryOperator<Mfa.Builder> configure,
                                  java.util.function.Function<String, HikariDataSource> pools) {
        SecretKeys keys = SecretKeys.ephemeral(new SecureRandom());
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String nodeName = name + "-node" + i;
            nodes.add(node(nodeName, pools.apply(nodeName), keys, configure));
        }
        nodes.get(0).store().createSchema();
        return new MfaNodes(nodes, keys);
    }

    private static Node node(String name, HikariDataSource pool, SecretKeys keys, UnaryOperator<Mfa.Builder> configure) {
        JdbcMfaStore store = JdbcMfaStore.create(pool);
        RecordingListener events = new RecordingListener();
        Mfa mfa = configure.apply(Mfa.builder().store(store).keys(keys).listener(events)).build();
        return new Node(name, pool, store, mfa, events);
    }

    /**
     * Another node on the database of {@code like} (a new pool, store and {@code Mfa}, same keys), for
     * "after reconnecting" checks. The caller closes its pool.
     */
    public Node reconnect(Node like, String name, UnaryOperator<Mfa.Builder> configure) {
        HikariDataSource old = like.pool();
        HikariDataSource pool = TestDatabases.pool(old.getJdbcUrl(), old.getUsername(), old.getPassword(), name,
                old.getMaximumPoolSize());
        return node(name, pool, keys, configure);
    }

    /**
     * Another node on the pool of {@code like}, with its own store and {@code Mfa} (same keys): the store
     * reaches the pool through {@code dataSource} (a {@link ProbedDataSource}, to count or break
     * statements) and is tuned by {@code store}. Not part of {@link #race}; its pool is {@code like}'s.
     */
    public Node attach(Node like, String name, UnaryOperator<DataSource> dataSource,
                       UnaryOperator<JdbcMfaStore.Builder> store, UnaryOperator<Mfa.Builder> configure) {
        JdbcMfaStore s = store.apply(JdbcMfaStore.builder(dataSource.apply(like.pool()))).build();
        RecordingListener events = new RecordingListener();
        Mfa mfa = configure.apply(Mfa.builder().store(s).keys(keys).listener(events)).build();
        return new Node(name, like.pool(), s, mfa, events);
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Every event of every node of one type, counted together. */
    public int count(Class<? extends org.mfa4j.MfaEvent> type) {
        return nodes.stream().mapToInt(n -> n.events().events(type).size()).sum();
    }

    /**
     * Runs {@code work} on {@code threadsPerNode} threads of every node, all released together, and returns
     * what each returned (node by node, thread by thread). A failure of any thread fails the race.
     */
    public <T> List<T> race(int threadsPerNode, Work<T> work) throws Exception {
        int total = threadsPerNode * nodes.size();
        CyclicBarrier start = new CyclicBarrier(total);
        ExecutorService pool = Executors.newFixedThreadPool(total);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Node n : nodes) {
                for (int t = 0; t < threadsPerNode; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return work.run(n, thread);
                    }));
                }
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.pool().close());
    }
}
