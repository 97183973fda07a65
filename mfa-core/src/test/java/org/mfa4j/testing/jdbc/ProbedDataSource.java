package org.mfa4j.testing.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A real {@link DataSource} seen through a probe: it counts the calls that reach the database server
 * (every {@code execute*} of a statement, {@code commit} and {@code rollback}, as the benchmarks'
 * {@code RoundTrips} does), across threads, and can be made to fail every further statement with an
 * {@link java.sql.SQLException} (SQLState 08006), as a database that went away would. Wrap the pool, not
 * the driver, so the pool's own checks are not counted.
 */
public final class ProbedDataSource {

    private static final Set<String> CONNECTION_CALLS = Set.of("commit", "rollback");

    private final DataSource target;
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();

    private ProbedDataSource(DataSource target) {
        this.target = target;
    }

    /** A probe on {@code target}. */
    public static ProbedDataSource of(DataSource target) {
        return new ProbedDataSource(target);
    }

    /** The probed data source to hand to a store. */
    public DataSource dataSource() {
        return (DataSource) probe(target, DataSource.class);
    }

    /** Round trips since the last call, and starts counting again from zero. */
    public long take() {
        return roundTrips.getAndSet(0);
    }

    /** From now on (until {@code false}) every statement fails before it reaches the server. */
    public void failing(boolean fail) {
        failing.set(fail);
    }

    /** {@code target} as {@code type}, with the connections and statements it hands out probed too. */
    private Object probe(Object target, Class<?> type) {
        return Proxy.newProxyInstance(ProbedDataSource.class.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            String name = m.getName();
            boolean execute = target instanceof Statement && name.startsWith("execute");
            if (execute && failing.get()) {
                throw new SQLTransientConnectionException("probe: the database went away", "08006");
            }
            if (execute || target instanceof Connection && CONNECTION_CALLS.contains(name)) {
                roundTrips.incrementAndGet();
            }
            Object r;
            try {
                r = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            boolean wrap = (r instanceof Connection || r instanceof Statement) && m.getReturnType().isInterface()
                    && (Connection.class.isAssignableFrom(m.getReturnType())
                    || Statement.class.isAssignableFrom(m.getReturnType()));
            return wrap ? probe(r, m.getReturnType()) : r;
        });
    }

    @Override
    public String toString() {
        return "ProbedDataSource[" + target + "]";
    }
}
