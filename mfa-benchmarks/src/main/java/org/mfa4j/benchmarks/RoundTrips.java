package org.mfa4j.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Counts the JDBC calls that reach the database server, per thread: every {@code execute*} of a statement,
 * and {@code commit} and {@code rollback} of a connection. The counting {@link DataSource} sits under the
 * pool, so statements the pool runs on the borrowing thread count as well. Not counted: the pool's
 * {@code isValid} check of a connection that sat idle (HikariCP: over 500 ms, which happens here only
 * while an iteration's codes are computed), statements prepared but not executed, parameter binding and
 * result reading (with the default fetch size a result comes back with its query).
 */
public final class RoundTrips {

    private static final ThreadLocal<long[]> COUNT = ThreadLocal.withInitial(() -> new long[1]);
    private static final Set<String> CONNECTION_CALLS = Set.of("commit", "rollback");

    private RoundTrips() {
    }

    /** The round trips this thread made since the last call, and starts counting again from zero. */
    public static long take() {
        long[] c = COUNT.get();
        long n = c[0];
        c[0] = 0;
        return n;
    }

    /** {@code target}, with every connection it hands out counted. */
    public static DataSource counting(DataSource target) {
        return proxy(DataSource.class, target, (t, m, args) -> {
            Object r = invoke(t, m, args);
            return r instanceof Connection c && m.getName().equals("getConnection") ? connection(c) : r;
        });
    }

    private static Connection connection(Connection target) {
        return proxy(Connection.class, target, (t, m, args) -> {
            String name = m.getName();
            if (CONNECTION_CALLS.contains(name)) {
                COUNT.get()[0]++;
            }
            Object r = invoke(t, m, args);
            if (r instanceof Statement s && (name.equals("prepareStatement") || name.equals("createStatement")
                    || name.equals("prepareCall"))) {
                return statement(s, m.getReturnType());
            }
            return r;
        });
    }

    private static Object statement(Statement target, Class<?> type) {
        return proxy(type, target, (t, m, args) -> {
            if (m.getName().startsWith("execute")) {
                COUNT.get()[0]++;
            }
            return invoke(t, m, args);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<?> type, Object target, Handler handler) {
        InvocationHandler h = (p, m, args) -> handler.handle(target, m, args);
        return (T) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(Object target, Method m, Object[] args) throws Throwable;
    }
}
