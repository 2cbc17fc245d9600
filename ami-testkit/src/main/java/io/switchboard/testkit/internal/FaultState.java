package io.switchboard.testkit.internal;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Server-wide fault switches that every session consults on each read and write. Blocking waits use timed
 * waits and re-check, so a stalled session still notices when its socket is closed.
 */
public final class FaultState {
    private final Object lock = new Object();
    private boolean writesStalled;
    private boolean readsStalled;
    /** System.nanoTime() after which timed stalls end on their own; meaningful only while stalled. */
    private long stallDeadline;
    private boolean stallTimed;
    private volatile int splitEvery;
    private volatile int[] splitAt = new int[0];
    private volatile boolean refuseLogins;
    private volatile long closeNewSessionsAfter = -1;
    /** Where TCP sessions are dropped, or null. */
    private volatile io.switchboard.testkit.Faults.Phase dropAt;

    /** Stalls writes and/or reads until {@link #release()} or, if {@code nanos > 0}, for that long. */
    public void stall(boolean writes, boolean reads, long nanos) {
        synchronized (lock) {
            writesStalled |= writes;
            readsStalled |= reads;
            stallTimed = nanos > 0;
            stallDeadline = System.nanoTime() + nanos;
            lock.notifyAll();
        }
    }

    /** Ends every stall. */
    public void release() {
        synchronized (lock) {
            writesStalled = false;
            readsStalled = false;
            stallTimed = false;
            lock.notifyAll();
        }
    }

    /** Wakes waiters so they re-check their session (called when sockets close). */
    public void wakeAll() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Blocks while writes are stalled; returns early once {@code closed} says the session is gone. */
    public void awaitWritable(BooleanSupplier closed) throws InterruptedException {
        await(true, closed);
    }

    /** Blocks while reads are stalled; returns early once {@code closed} says the session is gone. */
    public void awaitReadable(BooleanSupplier closed) throws InterruptedException {
        await(false, closed);
    }

    private void await(boolean writes, BooleanSupplier closed) throws InterruptedException {
        synchronized (lock) {
            while ((writes ? writesStalled : readsStalled) && !closed.getAsBoolean()) {
                if (stallTimed) {
                    long left = stallDeadline - System.nanoTime();
                    if (left <= 0) {
                        writesStalled = false;
                        readsStalled = false;
                        stallTimed = false;
                        lock.notifyAll();
                        return;
                    }
                    lock.wait(Math.max(1, Math.min(100, left / 1_000_000)));
                } else {
                    lock.wait(100);
                }
            }
        }
    }

    /** Splits every later write into chunks of {@code n} bytes (0 = off). */
    public void splitEvery(int n) {
        splitEvery = n;
    }

    /** Splits every later write after these byte offsets within it (empty = off). */
    public void splitAt(int[] offsets) {
        int[] sorted = offsets.clone();
        Arrays.sort(sorted);
        splitAt = sorted;
    }

    /**
     * The chunk ends for a write of {@code length} bytes: ascending offsets, the last one {@code length}.
     */
    public int[] chunkEnds(int length) {
        int every = splitEvery;
        int[] at = splitAt;
        if (every <= 0 && at.length == 0) {
            return new int[] {length};
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        if (every > 0) {
            for (int c = every; c < length; c += every) {
                cuts.add(c);
            }
        }
        for (int c : at) {
            if (c > 0 && c < length) {
                cuts.add(c);
            }
        }
        cuts.add(length);
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Makes logins fail ({@code Authentication failed}) while set. */
    public void refuseLogins(boolean refuse) {
        refuseLogins = refuse;
    }

    /** Whether logins are refused. */
    public boolean refuseLogins() {
        return refuseLogins;
    }

    /** Every session accepted from now on is closed after writing {@code n} bytes (-1 = off). */
    public void closeNewSessionsAfter(long n) {
        closeNewSessionsAfter = n;
    }

    /** The byte budget for a new session, -1 if unlimited. */
    public long closeNewSessionsAfter() {
        return closeNewSessionsAfter;
    }

    /** Drops every TCP session that reaches {@code phase} (null = off). */
    public void dropAt(io.switchboard.testkit.Faults.Phase phase) {
        dropAt = phase;
    }

    /** Whether sessions are dropped at {@code phase}. */
    public boolean dropsAt(io.switchboard.testkit.Faults.Phase phase) {
        return dropAt == phase;
    }

    /** Back to a well-behaved server. */
    public void clear() {
        dropAt = null;
        splitEvery = 0;
        splitAt = new int[0];
        refuseLogins = false;
        closeNewSessionsAfter = -1;
        release();
    }
}
