package io.switchboard.testkit.pbx;

import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The PBX's thread: a discrete-event loop. Every task has a due time in simulated nanoseconds and tasks run in
 * (due time, submission) order; the wall clock only paces them ({@code due × timeScale} after start). So when
 * the machine is slow the simulation falls behind but never reorders: a step queued "now" by a channel runs
 * before a timer due later in simulated time, however late both are. A ScheduledExecutorService would order an
 * overdue timer before a task submitted now, letting load change which channel hangs up first.
 */
final class SimLoop {
    /** A queued task; cancellable like the Future a scheduler returns. */
    static final class Task implements Future<Object> {
        final long due;
        final long seq;
        final Runnable body;
        volatile boolean cancelled;
        volatile boolean finished;

        Task(long due, long seq, Runnable body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            if (finished) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled || finished;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("simulation tasks are not awaited");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("simulation tasks are not awaited");
        }
    }

    private final double timeScale;
    private final long startWall = System.nanoTime();
    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final Thread thread;
    private long seq;
    /** Simulated time of the task running now (or last run). */
    private volatile long simNow;
    private boolean shutdown;

    SimLoop(double timeScale, String name) {
        this.timeScale = timeScale;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    boolean onLoop() {
        return Thread.currentThread() == thread;
    }

    /** Simulated nanoseconds since start, as seen by the task running now. */
    long simNanos() {
        return onLoop() ? simNow : Math.max(simNow, wallSim());
    }

    private long wallSim() {
        return (long) ((System.nanoTime() - startWall) / timeScale);
    }

    /** Queues {@code body} to run {@code delaySimNanos} after the current simulated time; null once shut down. */
    synchronized Task schedule(long delaySimNanos, Runnable body) {
        if (shutdown) {
            return null;
        }
        Task t = new Task(simNanos() + Math.max(0, delaySimNanos), seq++, body);
        queue.add(t);
        notifyAll();
        return t;
    }

    synchronized void shutdownNow() {
        shutdown = true;
        queue.clear();
        notifyAll();
    }

    synchronized boolean isShutdown() {
        return shutdown;
    }

    /** Waits for the thread to end (not from the loop itself). */
    void awaitTermination(long millis) throws InterruptedException {
        if (!onLoop()) {
            thread.join(millis);
        }
    }

    private void run() {
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (shutdown) {
                    return;
                }
                if (next == null) {
                    waitQuietly(0);
                    continue;
                }
                if (next.cancelled) {
                    queue.poll();
                    continue;
                }
                long wallDue = startWall + (long) (next.due * timeScale);
                long wait = wallDue - System.nanoTime();
                if (wait > 0) {
                    waitQuietly(Math.max(1, wait / 1_000_000));
                    continue;
                }
                queue.poll();
                simNow = Math.max(simNow, next.due);
            }
            try {
                next.body.run();
            } finally {
                next.finished = true;
            }
        }
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdown = true;
        }
    }
}
