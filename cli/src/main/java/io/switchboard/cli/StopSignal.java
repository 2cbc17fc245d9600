package io.switchboard.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets a long-running command ({@code events}, {@code demo}, {@code fake-asterisk}) end cleanly on Ctrl-C: a
 * JVM shutdown hook asks the command to stop, then waits (bounded) until the command has closed its client and
 * servers and flushed its output, which it reports by {@link #close()}. Tests call {@link #stop()} instead of
 * sending a signal.
 */
final class StopSignal implements AutoCloseable {
    /** How long the shutdown hook waits for the command to finish closing. */
    private static final long HOOK_WAIT_SECONDS = 5;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Runnable onStop;
    private final Thread hook;

    private StopSignal(String name, Runnable onStop) {
        this.onStop = onStop;
        this.hook = new Thread(() -> {
            stop();
            try {
                finished.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "switchboard-" + name + "-shutdown");
    }

    /**
     * Registers a shutdown hook that calls {@link #stop()}; {@code onStop} runs once, on the first stop request
     * (e.g. to wake the command's waiting thread), and must not block.
     */
    static StopSignal install(String name, Runnable onStop) {
        StopSignal s = new StopSignal(name, onStop);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** Asks the command to stop; idempotent, callable from any thread. */
    void stop() {
        if (stopping.compareAndSet(false, true)) {
            stopRequested.countDown();
            onStop.run();
        }
    }

    /** Whether a stop was requested. */
    boolean isStopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Waits until a stop is requested or the timeout passes; true if a stop was requested. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return stopRequested.await(timeout, unit);
    }

    /** Waits until a stop is requested. */
    void await() throws InterruptedException {
        stopRequested.await();
    }

    /** The command has cleaned up: releases a waiting shutdown hook and unregisters it otherwise. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (Ctrl-C): it returns now that finished is counted down
        }
    }
}
