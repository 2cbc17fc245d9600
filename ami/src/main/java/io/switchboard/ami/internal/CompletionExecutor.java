package io.switchboard.ami.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where callers' futures complete: the client's completion pool, reached once per socket read instead of once per
 * answer. The reader thread completes an action's internal future; the caller's future depends on it through this
 * executor, so its callbacks never run on the reader. On a reader that called {@link #deferOnThisThread()}, the
 * completions of one read are collected and handed to the pool as a single task after the read
 * ({@link #flushThisThread()}), which forks them into the worker's own queue: one pool wakeup per read instead
 * of one per answer (with 64 Pings in flight, a read often carries several answers). Each completion stays a task
 * of its own, so a callback that blocks holds up only itself: the others can be stolen by another worker.
 */
final class CompletionExecutor implements Executor {
    /** The completions a reader thread deferred during its current read, and the pool they belong to. */
    private static final ThreadLocal<Batch> DEFERRED = new ThreadLocal<>();

    private static final class Batch {
        ForkJoinPool pool;
        final List<Runnable> tasks = new ArrayList<>();
    }

    private final ForkJoinPool pool;

    CompletionExecutor(ForkJoinPool pool) {
        this.pool = pool;
    }

    ForkJoinPool pool() {
        return pool;
    }

    @Override
    public void execute(Runnable task) {
        Batch b = DEFERRED.get();
        if (b != null && (b.pool == null || b.pool == pool)) {
            b.pool = pool;
            b.tasks.add(task);
            return;
        }
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            // The client closed while this completion was on its way (a send racing close()): a rejected
            // dependent stage would never complete, so the caller's future would hang. Complete it here.
            task.run();
        }
    }

    /** From now on, completions triggered on the calling thread wait for {@link #flushThisThread()}. */
    static void deferOnThisThread() {
        DEFERRED.set(new Batch());
    }

    /** Hands the completions deferred on this thread to their pool, as one task. */
    static void flushThisThread() {
        Batch b = DEFERRED.get();
        if (b == null || b.tasks.isEmpty()) {
            return;
        }
        ForkJoinPool target = b.pool;
        List<Runnable> tasks = b.tasks;
        Runnable[] all = tasks.toArray(new Runnable[0]);
        tasks.clear();
        try {
            target.execute(all.length == 1 ? all[0] : () -> forkAll(all));
        } catch (RejectedExecutionException e) {
            // The client is shutting down and its pool is gone: completing here beats leaving callers hanging.
            for (Runnable r : all) {
                r.run();
            }
        }
    }

    /** Flushes, then makes completions on this thread go to their pool at once again. */
    static void stopDeferring() {
        try {
            flushThisThread();
        } finally {
            DEFERRED.remove();
        }
    }

    /** Runs in a pool worker: queues each completion as its own task, in order (the pool is FIFO). */
    private static void forkAll(Runnable[] all) {
        for (Runnable r : all) {
            ForkJoinTask<?> t = r instanceof ForkJoinTask<?> f ? f : ForkJoinTask.adapt(r);
            t.fork();
        }
    }
}
