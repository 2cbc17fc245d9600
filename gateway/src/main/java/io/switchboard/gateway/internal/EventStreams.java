package io.switchboard.gateway.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What the WebSocket and the SSE stream share: parsing the query ({@code events}, {@code server},
 * {@code channel}, {@code since}) into 400/404 errors before anything is streamed, and attaching a client to
 * the hubs it follows, from its resume point or from "now".
 */
final class EventStreams {
    /** A client more than this many messages behind is dropped (it may resume with since). */
    static final int MAX_QUEUED = 20_000;
    /** Keepalive intervals without progress after which a stream connection is dropped. */
    private static final int IDLE_KEEPALIVES = 4;
    /**
     * Shortest idle timeout, whatever the heartbeat: at the smallest heartbeat (0.1 s) four intervals are 0.4 s, and
     * a healthy client on a congested or roaming link, or pausing for a garbage collection, was dropped.
     */
    static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(5);

    /** A parsed query. */
    record Query(EventClient.Filter filter, Map<String, Long> since) {
    }

    private final Map<String, EventHub> hubs;
    private final ExecutorService senders;
    private final Heartbeats heartbeats;
    private final int maxClients;
    private final Consumer<String> refused;
    /** Clients holding a place, WebSocket and SSE together; at most {@link #maxClients}. */
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param maxClients most clients at once, over both transports
     * @param refused    told the transport of every client refused for being one too many (the metric)
     */
    EventStreams(Map<String, EventHub> hubs, ExecutorService senders, Heartbeats heartbeats, int maxClients,
                 Consumer<String> refused) {
        this.hubs = hubs;
        this.senders = senders;
        this.heartbeats = heartbeats;
        this.maxClients = maxClients;
        this.refused = refused;
    }

    int maxClients() {
        return maxClients;
    }

    /**
     * Takes a place for a new client of {@code transport}; false (and counted) when all are taken. Every true
     * must be matched by one {@link #release()}.
     */
    boolean reserve(String transport) {
        int n;
        do {
            n = open.get();
            if (n >= maxClients) {
                refused.accept(transport);
                return false;
            }
        } while (!open.compareAndSet(n, n + 1));
        return true;
    }

    /** Gives back a place taken by {@link #reserve}. */
    void release() {
        open.decrementAndGet();
    }

    ExecutorService senders() {
        return senders;
    }

    /**
     * How long a stream connection may make no progress, reading or writing, before the server drops it: four
     * keepalive intervals, at least {@link #MIN_IDLE_TIMEOUT}. A healthy client is never that quiet (it gets a keepalive every interval), while a
     * peer that stopped reading blocks its write for good: without this bound the write, the sender thread
     * doing it and the session were held until an hour-long timeout, and a close frame could never get through.
     */
    Duration idleTimeout() {
        Duration idle = heartbeats.interval().multipliedBy(IDLE_KEEPALIVES);
        return idle.compareTo(MIN_IDLE_TIMEOUT) < 0 ? MIN_IDLE_TIMEOUT : idle;
    }

    /** Parses and validates a query; throws 404 for an unknown server, 400 for a bad since. */
    Query parse(String events, String server, String channel, String since) {
        if (server != null && !hubs.containsKey(server)) {
            throw ApiException.notFound("unknown server '" + server + "'");
        }
        Set<String> names = events == null ? Set.of() : Arrays.stream(events.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return new Query(new EventClient.Filter(names, server, channel == null || channel.isEmpty() ? null : channel),
                since(since));
    }

    /** Each server's newest sequence now: where a client without {@code since} starts. */
    Map<String, Long> positions() {
        Map<String, Long> start = new HashMap<>();
        hubs.values().forEach(h -> start.put(h.server(), h.lastSeq()));
        return start;
    }

    /**
     * Where a client starts on each server its filter allows: its {@code since}, else {@code start} (null:
     * live only, from whenever it attaches).
     */
    Map<String, Long> startPoints(Query query, Map<String, Long> start) {
        Map<String, Long> from = new LinkedHashMap<>();
        for (EventHub hub : hubs.values()) {
            if (query.filter().server() == null || query.filter().server().equals(hub.server())) {
                Long f = query.since().get(hub.server());
                from.put(hub.server(), f != null ? f : start == null ? null : start.get(hub.server()));
            }
        }
        return from;
    }

    /** Attaches {@code client} to the hubs in {@code from} (see {@link #startPoints}) and to the keepalives. */
    void attach(EventClient client, Map<String, Long> from) {
        from.forEach((server, seq) -> hubs.get(server).attach(client, seq));
        heartbeats.add(client);
    }

    void detach(EventClient client) {
        client.close();
        heartbeats.remove(client);
        hubs.values().forEach(h -> h.detach(client));
    }

    /** {@code SEQ} (every server) or {@code pbx1:SEQ,pbx2:SEQ}; also the SSE event id format. */
    private Map<String, Long> since(String since) {
        Map<String, Long> out = new HashMap<>();
        if (since == null || since.isEmpty()) {
            return out;
        }
        if (since.indexOf(':') < 0) {
            long seq = seq(since);
            hubs.keySet().forEach(name -> out.put(name, seq));
            return out;
        }
        for (String part : since.split(",")) {
            int colon = part.lastIndexOf(':');
            String name = colon < 0 ? "" : part.substring(0, colon);
            if (!hubs.containsKey(name)) {
                throw ApiException.badRequest("since", "unknown server '" + name + "'");
            }
            out.put(name, seq(part.substring(colon + 1)));
        }
        return out;
    }

    private static long seq(String s) {
        try {
            long v = Long.parseLong(s.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("since", "must be a sequence number or server:sequence list");
    }
}
