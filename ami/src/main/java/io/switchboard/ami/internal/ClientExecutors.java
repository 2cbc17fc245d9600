package io.switchboard.ami.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's threads besides the reader: a timer for deadlines and a pool that delivers events and completes
 * callers' futures. The pool grows with the number of busy subscriptions, so one listener that blocks never
 * starves another; idle threads exit after a minute. All threads are daemons.
 */
final class ClientExecutors {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor worker;
    private final ThreadGroup group = Thread.currentThread().getThreadGroup();
    private final String workerPrefix;

    ClientExecutors(String name) {
        int n = CLIENTS.incrementAndGet();
        this.workerPrefix = "switchboard-" + n + "-worker-";
        this.timer = new ScheduledThreadPoolExecutor(1, factory("switchboard-" + n + "-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.worker = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory(workerPrefix));
    }

    private ThreadFactory factory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(group, r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    ExecutorService worker() {
        return worker;
    }

    /** Whether the current thread belongs to this client's worker pool (e.g. a listener calling close()). */
    boolean isWorkerThread() {
        return Thread.currentThread().getName().startsWith(workerPrefix);
    }

    void shutdown() {
        timer.shutdownNow();
        worker.shutdown();
    }
}
