package io.switchboard.gateway.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import io.switchboard.gateway.Role;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/events} as a WebSocket. The token ({@code ?token=} or {@code Authorization: Bearer}) and
 * the query are checked before the upgrade, so a bad request gets a plain HTTP 401/403/400/404. Query:
 * {@code events=A,B} (names, any case), {@code server=}, {@code channel=} (channel name prefix, Uniqueid or
 * Linkedid), {@code since=SEQ} (every server) or {@code since=pbx1:SEQ,pbx2:SEQ}.
 */
final class EventSocket {
    static final String PATH = "/api/v1/events";
    private static final int MAX_QUEUED = 20_000;

    private final Map<String, EventHub> hubs;
    private final Auth auth;
    private final ExecutorService senders;
    private final Map<String, EventClient> clients = new ConcurrentHashMap<>();

    EventSocket(Map<String, EventHub> hubs, Auth auth, ExecutorService senders) {
        this.hubs = hubs;
        this.auth = auth;
        this.senders = senders;
    }

    /** Request attribute: each server's last sequence when the upgrade was accepted. */
    private static final String START = "switchboard.events.start";

    void register(Javalin app) {
        app.wsBeforeUpgrade(PATH, ctx -> {
            String token = ctx.queryParam("token");
            auth.require(token != null ? token : Auth.bearer(ctx.header("Authorization")), Role.VIEWER);
            filter(ctx);
            since(ctx);
            // Where a live-only subscriber starts: the last event of each server now, before the client can see
            // the handshake. Attaching from there replays whatever was published between upgrade and attach.
            Map<String, Long> start = new HashMap<>();
            hubs.values().forEach(h -> start.put(h.server(), h.lastSeq()));
            ctx.attribute(START, start);
        });
        app.ws(PATH, ws -> {
            ws.onConnect(this::connect);
            ws.onClose(ctx -> disconnect(ctx));
            ws.onError(ctx -> disconnect(ctx));
        });
    }

    private void connect(WsContext ctx) {
        ctx.session.setIdleTimeout(java.time.Duration.ofHours(1));
        EventClient.Filter filter = filter(ctx.queryParam("events"), ctx.queryParam("server"),
                ctx.queryParam("channel"));
        Map<String, Long> since = since(ctx.queryParam("since"));
        Map<String, Long> start = ctx.attribute(START);
        EventClient client = new EventClient(filter, ctx::send, () -> ctx.closeSession(1008, "too far behind"),
                senders, MAX_QUEUED);
        clients.put(ctx.sessionId(), client);
        for (EventHub hub : hubs.values()) {
            if (filter.server() == null || filter.server().equals(hub.server())) {
                Long from = since.get(hub.server());
                hub.attach(client, from != null ? from : start == null ? null : start.get(hub.server()));
            }
        }
    }

    private void disconnect(WsContext ctx) {
        EventClient client = clients.remove(ctx.sessionId());
        if (client != null) {
            client.close();
            hubs.values().forEach(h -> h.detach(client));
        }
    }

    private void filter(Context ctx) {
        filter(ctx.queryParam("events"), ctx.queryParam("server"), ctx.queryParam("channel"));
    }

    private void since(Context ctx) {
        since(ctx.queryParam("since"));
    }

    private EventClient.Filter filter(String events, String server, String channel) {
        if (server != null && !hubs.containsKey(server)) {
            throw ApiException.notFound("unknown server '" + server + "'");
        }
        Set<String> names = events == null ? Set.of() : Arrays.stream(events.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return new EventClient.Filter(names, server, channel == null || channel.isEmpty() ? null : channel);
    }

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

    void closeAll() {
        clients.values().forEach(EventClient::close);
        clients.clear();
    }
}
