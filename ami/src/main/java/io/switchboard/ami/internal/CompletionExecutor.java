package io.switchboard.ami.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

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
        submit(pool, new Runnable[] {task});
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
        submit(target, all);
    }

    /**
     * Hands {@code tasks} to {@code pool}, or runs them here when the pool is closing. A completion that never runs
     * leaves a caller's future open forever, and a close can race any completion (a send racing close()): a pool
     * that is shut down refuses the task, and JDK 17's ForkJoinPool can even terminate between its shutdown check
     * and the push, keeping the task without ever running it. So when the pool is shut down after the hand-off,
     * this thread runs the tasks too; whichever of the two claims the submission first runs it, once.
     */
    private static void submit(ForkJoinPool pool, Runnable[] tasks) {
        Submission s = new Submission(tasks);
        try {
            pool.execute(s);
        } catch (RejectedExecutionException e) {
            s.runHere();
            return;
        }
        if (pool.isShutdown()) {
            s.runHere();
        }
    }

    /**
     * Tasks handed to the pool that run once, in a pool worker or (when the pool is closing) on the submitter. A
     * ForkJoinTask itself, so the pool takes it as it is (no adapter object per read), claimed through a field
     * updater.
     */
    private static final class Submission extends ForkJoinTask<Void> {
        private static final long serialVersionUID = 1L;
        private static final AtomicIntegerFieldUpdater<Submission> CLAIM =
                AtomicIntegerFieldUpdater.newUpdater(Submission.class, "claimed");
        private final transient Runnable[] tasks;
        private volatile int claimed;

        Submission(Runnable[] tasks) {
            this.tasks = tasks;
        }

        /** In a pool worker: one task runs here, several are forked so that a blocking one holds up only itself. */
        @Override
        protected boolean exec() {
            if (CLAIM.compareAndSet(this, 0, 1)) {
                if (tasks.length == 1) {
                    tasks[0].run();
                } else {
                    forkAll(tasks);
                }
            }
            return true;
        }

        /** On the submitting thread, the pool being gone or going: every task, in order. */
        void runHere() {
            if (CLAIM.compareAndSet(this, 0, 1)) {
                for (Runnable r : tasks) {
                    r.run();
                }
            }
        }

        @Override
        public Void getRawResult() {
            return null;
        }

        @Override
        protected void setRawResult(Void value) {
            // no result
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
