package io.switchboard.bench.client;

import io.switchboard.bench.BlastServer;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.action.EventsAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.AbstractChannelEvent;
import org.asteriskjava.manager.event.BridgeEvent;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DialEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.response.ManagerError;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * asterisk-java 3.41.0 as its users use it: {@code ManagerConnectionFactory}, {@code login()}, a
 * {@code ManagerEventListener}, {@code sendAction}. Its listener reads the same two facts per event as ours:
 * the event's type (its class) and the Uniqueid (or Privilege for events without a channel).
 */
public final class AsteriskJavaTarget implements Target {
    /** Extra events asterisk-java made up in the last ingest (DialEvent, BridgeEvent); not counted as delivered. */
    public long lastSynthesized;

    @Override
    public String name() {
        return "asterisk-java";
    }

    private static ManagerConnection connect(int port, ManagerEventListener listener) throws Exception {
        ManagerConnection c = new ManagerConnectionFactory("127.0.0.1", port, BlastServer.USER, BlastServer.SECRET)
                .createManagerConnection();
        c.registerUserEventClass(BenchEndEvent.class);
        if (listener != null) {
            c.addEventListener(listener);
        }
        c.login("off");
        return c;
    }

    /** Counts what asterisk-java delivers; its own pseudo-events (Connect, Disconnect) are not counted. */
    static final class Counter implements ManagerEventListener {
        final CountDownLatch done = new CountDownLatch(1);
        volatile long events;
        volatile long synthesized;
        long sink;

        @Override
        public void onManagerEvent(ManagerEvent e) {
            if (e instanceof BenchEndEvent) {
                done.countDown();
                return;
            }
            if (e instanceof ConnectEvent || e instanceof DisconnectEvent) {
                return;
            }
            Class<?> type = e.getClass();
            String uid = e instanceof AbstractChannelEvent ce ? ce.getUniqueId() : e.getPrivilege();
            sink += type.hashCode() + (uid == null ? 0 : uid.length());
            if (type == DialEvent.class || type == BridgeEvent.class) {
                synthesized++; // legacy twins it derives from DialBegin / BridgeEnter / BridgeLeave
            } else {
                events++;
            }
        }
    }

    @Override
    public long ingest(int port, Meter meter, Duration limit) throws Exception {
        Counter counter = new Counter();
        ManagerConnection c = connect(port, counter);
        try {
            counter.events = 0; // FullyBooted / SuccessfulAuth that it reports at login are not part of the run
            meter.start();
            c.sendAction(new EventsAction("on"));
            counter.done.await(limit.toNanos(), TimeUnit.NANOSECONDS);
            meter.stop();
            lastSynthesized = counter.synthesized;
            return counter.events;
        } finally {
            c.logoff();
        }
    }

    @Override
    public RoundTrips pingSequential(int port, int count, Duration limit) throws Exception {
        ManagerConnection c = connect(port, null);
        try {
            Deadline deadline = new Deadline(limit);
            long[] lat = new long[count];
            long t0 = System.nanoTime();
            int done = 0;
            while (done < count && !deadline.passed()) {
                long s = System.nanoTime();
                if (c.sendAction(new PingAction()) instanceof ManagerError) {
                    throw new IllegalStateException("Ping failed");
                }
                lat[done++] = System.nanoTime() - s;
            }
            return new RoundTrips(done, System.nanoTime() - t0, Arrays.copyOf(lat, done));
        } finally {
            c.logoff();
        }
    }

    @Override
    public RoundTrips pingPipelined(int port, int count, int window, Duration limit) throws Exception {
        ManagerConnection c = connect(port, null);
        try {
            Deadline deadline = new Deadline(limit);
            long[] lat = new long[count];
            Semaphore inFlight = new Semaphore(window);
            AtomicInteger completed = new AtomicInteger();
            long t0 = System.nanoTime();
            int sent = 0;
            while (sent < count && !deadline.passed()) {
                if (!inFlight.tryAcquire(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
                    break;
                }
                final int i = sent++;
                final long s = System.nanoTime();
                c.sendAction(new PingAction(), r -> {
                    lat[i] = System.nanoTime() - s;
                    completed.incrementAndGet();
                    inFlight.release();
                });
            }
            inFlight.tryAcquire(window, deadline.remainingNanos() + 1_000_000_000L, TimeUnit.NANOSECONDS);
            long nanos = System.nanoTime() - t0;
            return new RoundTrips(completed.get(), nanos, SwitchboardTarget.nonZero(lat, sent));
        } finally {
            c.logoff();
        }
    }

    @Override
    public long[] pacedLatencies(int port, int expected, Duration limit) throws Exception {
        long[] lat = new long[expected];
        AtomicInteger n = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        ManagerEventListener listener = e -> {
            if (e instanceof BenchEndEvent) {
                done.countDown();
                return;
            }
            Double ts = e.getTimestamp();
            if (ts != null) {
                long now = RawTarget.nowMicros();
                int i = n.getAndIncrement();
                if (i < lat.length) {
                    lat[i] = now - Math.round(ts * 1e6);
                }
            }
        };
        ManagerConnection c = connect(port, listener);
        try {
            c.sendAction(new EventsAction("on"));
            done.await(limit.toNanos(), TimeUnit.NANOSECONDS);
            return Arrays.copyOf(lat, Math.min(n.get(), lat.length));
        } finally {
            c.logoff();
        }
    }
}
