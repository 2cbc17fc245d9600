package io.switchboard.bench.client;

import java.time.Duration;

/** A point in time that bounds a loop; every load loop of the harness checks one. */
final class Deadline {
    private final long end;

    Deadline(Duration limit) {
        this.end = System.nanoTime() + limit.toNanos();
    }

    boolean passed() {
        return System.nanoTime() - end > 0;
    }

    long remainingNanos() {
        return Math.max(0, end - System.nanoTime());
    }
}
