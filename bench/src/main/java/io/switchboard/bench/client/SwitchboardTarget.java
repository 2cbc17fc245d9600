package io.switchboard.bench.client;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Subscription;
import io.switchboard.ami.SubscriptionStats;
import io.switchboard.bench.BlastServer;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Switchboard's {@code ami} client through its public API only: {@code AmiClient.connect} and subscriptions. */
public final class SwitchboardTarget implements Target {
    private static final Action PING = Action.named("Ping");
    private static final Action EVENTS_ON = Action.named("Events").header("EventMask", "on");

    @Override
    public String name() {
        return "switchboard";
    }

    static AmiClient connect(int port) {
        return AmiClient.connect(AmiConfig.builder().host("127.0.0.1").port(port)
                .username(BlastServer.USER).secret(BlastServer.SECRET).events("off").build());
    }

    /** Reads two headers of every event (its name and Uniqueid), as a typical subscriber would. */
    static final class Counter implements EventListener {
        final CountDownLatch done = new CountDownLatch(1);
        final long workNanos;
        long events;
        long sink;

        Counter(long workNanos) {
            this.workNanos = workNanos;
        }

        @Override
        public void onEvent(Event e) {
            String name = e.name();
            String uid = e.get("Uniqueid");
            if (uid != null) {
                sink += uid.length();
            }
            if (name.length() == 9 && e.is("UserEvent") && "BenchEnd".equals(e.get("UserEvent"))) {
                done.countDown();
                return;
            }
            sink += name.length();
            events++;
            if (workNanos > 0) {
                long end = System.nanoTime() + workNanos;
                while (System.nanoTime() - end < 0) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    @Override
    public long ingest(int port, Meter meter, Duration limit) throws Exception {
        try (AmiClient client = connect(port)) {
            Counter counter = new Counter(0);
            Subscription sub = client.onAny(counter);
            meter.start();
            client.send(EVENTS_ON);
            counter.done.await(limit.toNanos(), TimeUnit.NANOSECONDS);
            meter.stop();
            sub.close();
            return counter.events;
        }
    }

    /**
     * Ingests with a listener that spins {@code workNanos} per event, on a subscription with the blocking
     * overflow policy. Returns {@code [delivered, dropped, maxQueued]}.
     */
    public long[] slowIngest(int port, long workNanos, int capacity, Duration limit) throws Exception {
        try (AmiClient client = connect(port)) {
            Counter counter = new Counter(workNanos);
            Subscription sub = client.subscribe(e -> true, counter, capacity, OverflowPolicy.BLOCK);
            client.send(EVENTS_ON);
            counter.done.await(limit.toNanos(), TimeUnit.NANOSECONDS);
            SubscriptionStats stats = sub.stats();
            sub.close();
            return new long[] {counter.events, stats.dropped(), stats.maxQueued()};
        }
    }

    @Override
    public RoundTrips pingSequential(int port, int count, Duration limit) throws Exception {
        try (AmiClient client = connect(port)) {
            Deadline deadline = new Deadline(limit);
            long[] lat = new long[count];
            long t0 = System.nanoTime();
            int done = 0;
            while (done < count && !deadline.passed()) {
                long s = System.nanoTime();
                client.send(PING);
                lat[done++] = System.nanoTime() - s;
            }
            return new RoundTrips(done, System.nanoTime() - t0, Arrays.copyOf(lat, done));
        }
    }

    @Override
    public RoundTrips pingPipelined(int port, int count, int window, Duration limit) throws Exception {
        try (AmiClient client = connect(port)) {
            Deadline deadline = new Deadline(limit);
            long[] lat = new long[count];
            Semaphore inFlight = new Semaphore(window);
            AtomicInteger completed = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long t0 = System.nanoTime();
            int sent = 0;
            while (sent < count && !deadline.passed()) {
                if (!inFlight.tryAcquire(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
                    break;
                }
                final int i = sent++;
                final long s = System.nanoTime();
                client.sendAsync(PING).whenComplete((r, t) -> {
                    if (t == null) {
                        lat[i] = System.nanoTime() - s;
                        completed.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    inFlight.release();
                });
            }
            inFlight.tryAcquire(window, deadline.remainingNanos() + 1_000_000_000L, TimeUnit.NANOSECONDS);
            long nanos = System.nanoTime() - t0;
            return new RoundTrips(completed.get(), nanos, nonZero(lat, sent));
        }
    }

    static long[] nonZero(long[] lat, int n) {
        return Arrays.stream(lat, 0, n).filter(v -> v > 0).toArray();
    }

    @Override
    public long[] pacedLatencies(int port, int expected, Duration limit) throws Exception {
        try (AmiClient client = connect(port)) {
            long[] lat = new long[expected];
            int[] n = new int[1];
            CountDownLatch done = new CountDownLatch(1);
            Subscription sub = client.onAny(e -> {
                String ts = e.get("Timestamp");
                if (ts != null) {
                    long now = RawTarget.nowMicros();
                    if (n[0] < lat.length) {
                        lat[n[0]++] = now - parseMicros(ts);
                    }
                } else if (e.is("UserEvent") && "BenchEnd".equals(e.get("UserEvent"))) {
                    done.countDown();
                }
            });
            client.send(EVENTS_ON);
            done.await(limit.toNanos(), TimeUnit.NANOSECONDS);
            sub.close();
            return Arrays.copyOf(lat, n[0]); // the latch orders the listener's writes before this read
        }
    }

    static long parseMicros(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return RawTarget.parseMicros(b, 0, b.length);
    }
}
