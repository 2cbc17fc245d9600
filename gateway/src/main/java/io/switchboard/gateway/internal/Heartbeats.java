package io.switchboard.gateway.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keepalives for every event stream client from one timer task, instead of a timer per client. A client silent
 * for the interval gets one (see {@link EventClient#heartbeatIfIdle}): a quiet PBX would otherwise leave a stream
 * without a byte for minutes, so proxies cut it and a client that vanished is only found at the next event.
 *
 * <p>The timer looks every quarter interval, so a keepalive follows between 1 and 1.25 intervals of silence;
 * looking only once per interval would let a stream stay silent for almost two.
 */
final class Heartbeats {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final Set<EventClient> clients = ConcurrentHashMap.newKeySet();
    private final long intervalNanos;

    /** Starts ticking on {@code timer}, which the gateway owns and shuts down when it closes. */
    Heartbeats(ScheduledExecutorService timer, Duration interval) {
        this.intervalNanos = interval.toNanos();
        long period = Math.max(1, interval.toMillis() / 4);
        timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** The keepalive interval. */
    Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    void add(EventClient client) {
        clients.add(client);
    }

    void remove(EventClient client) {
        clients.remove(client);
    }

    private void tick() {
        long now = System.nanoTime();
        for (EventClient c : clients) {
            try {
                c.heartbeatIfIdle(now, intervalNanos);
            } catch (RuntimeException e) {
                // An exception would cancel the periodic task for every client (the sender pool refuses work
                // while the gateway closes).
                LOG.debug("event stream keepalive not queued", e);
            }
        }
    }
}
