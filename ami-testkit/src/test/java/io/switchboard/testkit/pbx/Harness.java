package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A SimulatedPbx driven directly: actions in, replies back, events on a queue to block on. */
final class Harness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    final BlockingQueue<Packet> events = new LinkedBlockingQueue<>();
    /** Every event taken from the queue so far, in order. */
    final List<Packet> seen = new ArrayList<>();
    final SimulatedPbx pbx;

    Harness() {
        this(SimulatedPbx.builder().timeScale(0.01));
    }

    Harness(SimulatedPbx.Builder builder) {
        this.pbx = builder.clock(Clock.fixed(Instant.ofEpochSecond(1795674384L), ZoneOffset.UTC))
                .build(events::add);
    }

    /** Sends an action built from alternating keys and values; returns its reply packets. */
    List<Packet> send(String... keysAndValues) {
        List<Packet> out = new ArrayList<>();
        pbx.handle(Packet.of(keysAndValues), out::add);
        return out;
    }

    Packet sendOne(String... keysAndValues) {
        List<Packet> out = send(keysAndValues);
        if (out.size() != 1) {
            throw new AssertionError("expected one reply, got " + out);
        }
        return out.get(0);
    }

    /** Takes events until one matches; fails after {@link #WAIT}. */
    Packet next(Predicate<Packet> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Packet p;
            try {
                p = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            if (p == null) {
                throw new AssertionError("no matching event within " + WAIT + "; seen " + names(seen));
            }
            seen.add(p);
            if (wanted.test(p)) {
                return p;
            }
        }
    }

    Packet next(String eventName) {
        return next(p -> p.name().equals(eventName));
    }

    Packet next(String eventName, String key, String value) {
        return next(p -> p.name().equals(eventName) && value.equals(p.get(key)));
    }

    /** Waits until no channel is left, then moves every event raised so far into {@link #seen}. */
    void awaitNoChannels() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> pbx.channels().isEmpty());
        events.drainTo(seen);
    }

    static List<String> names(List<Packet> packets) {
        List<String> out = new ArrayList<>();
        for (Packet p : packets) {
            out.add(p.name());
        }
        return out;
    }

    @Override
    public void close() {
        pbx.close();
    }
}
