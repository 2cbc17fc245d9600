package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.ami.Event;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one server: a bounded ring of the latest ones (for {@code ?since=} resume) and the WebSocket
 * clients following it. Appending and attaching share one lock, so a resuming client gets the backlog and then
 * the live events with no gap and no duplicate. Sending happens on each client's own drain, never here.
 */
final class EventHub {
    /** One event, rendered to JSON once for every client. */
    record Buffered(String server, long seq, Event event, String json) {
    }

    private final String server;
    private final int capacity;
    private final ArrayDeque<Buffered> ring = new ArrayDeque<>();
    private final List<EventClient> clients = new ArrayList<>();
    private long lastEvicted;

    EventHub(String server, int capacity) {
        this.server = server;
        this.capacity = capacity;
    }

    String server() {
        return server;
    }

    /** Called on the AMI client's event thread for every event of this server. */
    void publish(Event e) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", server);
        n.put("seq", e.sequence());
        n.put("event", e.name());
        n.set("headers", Views.headers(e.headers()));
        Buffered b = new Buffered(server, e.sequence(), e, n.toString());
        synchronized (this) {
            ring.addLast(b);
            if (ring.size() > capacity) {
                lastEvicted = ring.removeFirst().seq();
            }
            for (EventClient c : clients) {
                c.offer(b);
            }
        }
    }

    /**
     * Adds a client; with {@code since} (not null) it first gets the buffered events after that sequence, and a
     * gap notice when events after it were already evicted from the ring.
     */
    synchronized void attach(EventClient c, Long since) {
        if (since != null) {
            if (since < lastEvicted) {
                c.gap(server, since, ring.isEmpty() ? lastEvicted : ring.peekFirst().seq());
            }
            for (Buffered b : ring) {
                if (b.seq() > since) {
                    c.offer(b);
                }
            }
        }
        clients.add(c);
    }

    /** The sequence of the newest event seen (0 before the first). */
    synchronized long lastSeq() {
        return ring.isEmpty() ? lastEvicted : ring.peekLast().seq();
    }

    synchronized void detach(EventClient c) {
        clients.remove(c);
    }
}
