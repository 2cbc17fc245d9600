package io.switchboard.ami;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before reconnect attempt {@code n}: exponential growth from {@code initial} by
 * {@code multiplier}, capped at {@code max}, optionally with full jitter (a uniform pick between zero and that
 * value, so many clients of one restarted server do not reconnect in lockstep). Immutable.
 */
public final class Backoff {
    /** 100 ms doubling to 30 s, with full jitter. */
    public static final Backoff DEFAULT = exponential(Duration.ofMillis(100), Duration.ofSeconds(30)).withJitter();

    private final Duration initial;
    private final Duration max;
    private final double multiplier;
    private final boolean jitter;

    private Backoff(Duration initial, Duration max, double multiplier, boolean jitter) {
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
        this.jitter = jitter;
    }

    /** Doubling delays from {@code initial} up to {@code max}, without jitter. */
    public static Backoff exponential(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max");
        }
        return new Backoff(initial, max, 2.0, false);
    }

    /** The same delay every time. */
    public static Backoff fixed(Duration delay) {
        return exponential(delay, delay);
    }

    /** A copy with another growth factor (at least 1). */
    public Backoff multiplier(double multiplier) {
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be >= 1");
        }
        return new Backoff(initial, max, multiplier, jitter);
    }

    /** A copy with full jitter. */
    public Backoff withJitter() {
        return new Backoff(initial, max, multiplier, true);
    }

    /** The delay before attempt {@code attempt} (1 for the first). */
    public Duration delay(int attempt) {
        double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        long capped = (long) Math.min(nanos, max.toNanos());
        if (jitter && capped > 0) {
            capped = ThreadLocalRandom.current().nextLong(capped + 1);
        }
        return Duration.ofNanos(capped);
    }

    @Override
    public String toString() {
        return "Backoff{" + initial + " x" + multiplier + " up to " + max + (jitter ? ", full jitter" : "") + "}";
    }
}
