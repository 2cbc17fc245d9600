package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.ami.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One event stream follower (WebSocket or SSE): its filters and an outbox drained by one task at a time on a shared executor, so
 * messages go out in order and a slow client holds up nobody. A client that falls {@code maxQueued} messages
 * behind is closed (it may reconnect with {@code ?since=}) rather than buffered without bound.
 *
 * <p>Keepalives ({@link #heartbeatIfIdle}) go through the same outbox, so they never interleave with an event
 * being written, and a keepalive that cannot be written closes the client exactly as a failed event does.
 */
final class EventClient {
    private static final Logger LOG = LoggerFactory.getLogger(EventClient.class);

    /** Filters from the query: event names (lowercase, empty = all), server (null = all), channel. */
    record Filter(Set<String> events, String server, String channel) {
        boolean matches(String serverName, Event e) {
            if (server != null && !server.equals(serverName)) {
                return false;
            }
            if (!events.isEmpty() && !events.contains(e.name().toLowerCase(Locale.ROOT))) {
                return false;
            }
            if (channel == null) {
                return true;
            }
            String ch = e.get("Channel");
            return (ch != null && ch.regionMatches(true, 0, channel, 0, channel.length()))
                    || channel.equals(e.get("Uniqueid")) || channel.equals(e.get("Linkedid"));
        }
    }

    /** A message to send: an event ({@code seq} &gt;= 0) or a gap notice ({@code seq} -1), as JSON. */
    record Out(String server, long seq, String json) {
        boolean isGap() {
            return seq == -1;
        }
    }

    /** Why the gateway ends a stream: the transport tells the peer (WebSocket close code). */
    enum CloseReason {
        /** The client read too slowly: more than the allowed messages were waiting for it. */
        TOO_FAR_BEHIND,
        /** A write failed, nearly always because the peer is gone. */
        SEND_FAILED
    }

    /** The outbox's keepalive marker; never given to the sender (compared by identity). */
    private static final Out HEARTBEAT = new Out(null, -2, null);

    private final Filter filter;
    private final Consumer<Out> sender;
    private final Runnable heartbeat;
    private final Consumer<CloseReason> closer;
    private final Executor executor;
    private final int maxQueued;
    private final ConcurrentLinkedQueue<Out> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** When the last message (event, gap or keepalive) went out, in {@link System#nanoTime()}. */
    private volatile long lastSent = System.nanoTime();

    /**
     * @param sender    writes one message; throws when the peer is gone
     * @param heartbeat writes one keepalive (SSE comment, WebSocket ping); throws when the peer is gone
     * @param closer    ends the connection, saying why (the transport then unregisters the client)
     */
    EventClient(Filter filter, Consumer<Out> sender, Runnable heartbeat, Consumer<CloseReason> closer,
                Executor executor,
                int maxQueued) {
        this.filter = filter;
        this.sender = sender;
        this.heartbeat = heartbeat;
        this.closer = closer;
        this.executor = executor;
        this.maxQueued = maxQueued;
    }

    void offer(EventHub.Buffered b) {
        if (filter.matches(b.server(), b.event())) {
            enqueue(new Out(b.server(), b.seq(), b.json()));
        }
    }

    void gap(String server, long since, long firstAvailable) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", server);
        ObjectNode gap = n.putObject("gap");
        gap.put("since", since);
        gap.put("firstAvailable", firstAvailable);
        enqueue(new Out(server, -1, n.toString()));
    }

    /**
     * Queues a keepalive when nothing was sent for {@code idleNanos} and nothing is waiting: a client receiving
     * events needs none, and one whose outbox is backed up would only get it late.
     */
    void heartbeatIfIdle(long now, long idleNanos) {
        if (now - lastSent >= idleNanos && outbox.isEmpty() && !draining.get()) {
            enqueue(HEARTBEAT);
        }
    }

    void close() {
        closed.set(true);
        outbox.clear();
    }

    private void enqueue(Out out) {
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            LOG.warn("closing an event stream client that fell {} messages behind", maxQueued);
            close();
            closer.accept(CloseReason.TOO_FAR_BEHIND);
            return;
        }
        outbox.add(out);
        schedule();
    }

    private void schedule() {
        if (!outbox.isEmpty() && draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Out msg;
            while ((msg = outbox.poll()) != null) {
                queued.decrementAndGet();
                if (!closed.get()) {
                    if (msg == HEARTBEAT) {
                        heartbeat.run();
                    } else {
                        sender.accept(msg);
                    }
                    lastSent = System.nanoTime();
                }
            }
        } catch (Exception e) { // Jetty's send throws IOException undeclared (sneaky) when the peer is gone
            LOG.debug("event stream send failed; closing it", e);
            close();
            closer.accept(CloseReason.SEND_FAILED);
        } finally {
            draining.set(false);
        }
        schedule();
    }
}
