package io.switchboard.ami.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's threads besides the reader: a timer for deadlines, a pool that delivers events, a pool that
 * completes callers' futures, and a writer for actions sent asynchronously. The event pool grows with the number
 * of busy subscriptions, so one listener that blocks never starves another; idle threads exit after a minute.
 * All threads are daemons.
 */
final class ClientExecutors {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor worker;
    private final CompletionExecutor completions;
    private final ThreadPoolExecutor writer;
    private final ThreadGroup group = Thread.currentThread().getThreadGroup();
    private final String workerPrefix;

    ClientExecutors(String name) {
        int n = CLIENTS.incrementAndGet();
        this.workerPrefix = "switchboard-" + n + "-worker-";
        this.timer = new ScheduledThreadPoolExecutor(1, factory("switchboard-" + n + "-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.worker = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory(workerPrefix));
        AtomicInteger count = new AtomicInteger();
        this.writer = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                factory(workerPrefix + "writer-"));
        this.writer.allowCoreThreadTimeOut(true);
        ForkJoinPool pool = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()), p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName(workerPrefix + "completion-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, true);
        this.completions = new CompletionExecutor(pool);
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

    /**
     * Completes callers' futures (batched per read, see {@link CompletionExecutor}). A work-stealing pool: handing
     * it a completion is cheap (no thread per reply), and a callback that blocks in {@code join()}/{@code get()}
     * on another client future makes the pool add a compensating thread instead of deadlocking.
     */
    CompletionExecutor completions() {
        return completions;
    }

    /**
     * Writes actions sent asynchronously: a caller queues its action and returns, and the writer sends whatever
     * has queued by the time it runs in one write and one flush (see {@link Connection#writeSoon}).
     */
    Executor writer() {
        return writer;
    }

    /** Whether the current thread belongs to this client's worker pool (e.g. a listener calling close()). */
    boolean isWorkerThread() {
        return Thread.currentThread().getName().startsWith(workerPrefix);
    }

    void shutdown() {
        timer.shutdownNow();
        worker.shutdown();
        writer.shutdown();
        completions.pool().shutdown();
    }
}
