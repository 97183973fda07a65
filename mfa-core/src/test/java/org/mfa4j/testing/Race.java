package org.mfa4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task on several threads released at the same instant by a {@link CyclicBarrier}, and returns
 * every thread's result in thread order, so a concurrency test can count outcomes exactly (for example:
 * the same one-time code from 8 threads is accepted once).
 */
public final class Race {

    private Race() {
    }

    /** What each thread runs; {@code thread} is its index, from 0. */
    @FunctionalInterface
    public interface Task<T> {
        T run(int thread) throws Exception;
    }

    /**
     * Runs {@code task} on {@code threads} threads at once and waits up to a minute for all of them.
     *
     * @throws java.util.concurrent.ExecutionException when a thread threw (the first one, in thread order)
     */
    public static <T> List<T> run(int threads, Task<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return task.run(n);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
