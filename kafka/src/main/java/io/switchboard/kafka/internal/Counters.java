package io.switchboard.kafka.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The publisher's counters, shared by the accepting side and the sender thread. */
public final class Counters {
    private static final Logger LOG = LoggerFactory.getLogger(Counters.class);

    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong published = new AtomicLong();
    public final AtomicLong inFlight = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong skipped = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastErrorAt = new AtomicReference<>();

    /** Counts {@code n} dropped records; logs the first drop and then one line per 1000. */
    public void drop(int n, String why) {
        if (n <= 0) {
            return;
        }
        long before = dropped.getAndAdd(n);
        long after = before + n;
        if (before == 0 || before / 1000 != after / 1000) {
            LOG.warn("Kafka publisher dropped {} record(s) ({}); {} dropped in total", n, why, after);
        }
    }

    /** Counts a record Kafka did not take; logs the first failure and then one line per 1000. */
    public void fail(Throwable t, String topic) {
        error(t);
        long n = failed.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            LOG.warn("Kafka did not take a record for {} ({} failed in total): {}", topic, n, t.toString());
        }
    }

    public void error(Throwable t) {
        // Class and message of Kafka client errors: they name topics and brokers, never credentials.
        lastError.set(t.getClass().getSimpleName() + ": " + t.getMessage());
        lastErrorAt.set(Instant.now());
    }

    public String lastError() {
        return lastError.get();
    }

    public Instant lastErrorAt() {
        return lastErrorAt.get();
    }
}
