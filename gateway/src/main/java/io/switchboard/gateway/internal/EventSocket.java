package io.switchboard.gateway.internal;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import io.switchboard.gateway.Role;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /api/v1/events} as a WebSocket. The token ({@code ?token=} or {@code Authorization: Bearer}) and
 * the query are checked before the upgrade, so a bad request gets a plain HTTP 401/403/400/404. Query:
 * {@code events=A,B} (names, any case), {@code server=}, {@code channel=} (channel name prefix, Uniqueid or
 * Linkedid), {@code since=SEQ} (every server) or {@code since=pbx1:SEQ,pbx2:SEQ}.
 */
final class EventSocket {
    static final String PATH = "/api/v1/events";
    /** Request attribute: each server's last sequence when the upgrade was accepted. */
    private static final String START = "switchboard.events.start";

    private final EventStreams streams;
    private final Auth auth;
    private final Map<String, EventClient> clients = new ConcurrentHashMap<>();

    EventSocket(EventStreams streams, Auth auth) {
        this.streams = streams;
        this.auth = auth;
    }

    void register(Javalin app) {
        app.wsBeforeUpgrade(PATH, ctx -> {
            String token = ctx.queryParam("token");
            auth.require(token != null ? token : Auth.bearer(ctx.header("Authorization")), Role.VIEWER,
                    ctx.ip());
            query(ctx.queryParam("events"), ctx.queryParam("server"), ctx.queryParam("channel"),
                    ctx.queryParam("since"));
            // Where a live-only subscriber starts: the last event of each server now, before the client can see
            // the handshake. Attaching from there replays whatever was published between upgrade and attach.
            ctx.attribute(START, streams.positions());
        });
        app.ws(PATH, ws -> {
            ws.onConnect(this::connect);
            ws.onClose(this::disconnect);
            ws.onError(this::disconnect);
        });
    }

    /** Connected WebSocket clients, for the metrics gauge. */
    int clientCount() {
        return clients.size();
    }

    private EventStreams.Query query(String events, String server, String channel, String since) {
        return streams.parse(events, server, channel, since);
    }

    private void connect(WsContext ctx) {
        // Refused after the upgrade, before anything is streamed: 1013 (try again later) tells a client to retry,
        // which a browser's WebSocket cannot learn from a refused handshake (it only sees "failed").
        if (!streams.reserve("websocket")) {
            ctx.closeSession(1013, "too many event clients; try again later");
            return;
        }
        // Also bounds a write to a peer that stopped reading: it fails after this, ending the session.
        ctx.session.setIdleTimeout(streams.idleTimeout());
        EventStreams.Query query = query(ctx.queryParam("events"), ctx.queryParam("server"),
                ctx.queryParam("channel"), ctx.queryParam("since"));
        Map<String, Long> start = ctx.attribute(START);
        // The keepalive is a ping: browsers answer it without bothering the page, and the pong keeps proxies
        // (and the session's own idle timeout) from seeing the connection as idle.
        EventClient client = new EventClient(query.filter(), out -> ctx.send(out.json()), ctx::sendPing,
                reason -> close(ctx, reason), streams.senders(), EventStreams.MAX_QUEUED);
        clients.put(ctx.sessionId(), client);
        streams.attach(client, streams.startPoints(query, start));
    }

    /** 1008 (policy violation) for a client that read too slowly; 1011 when writing to it failed. */
    private static void close(WsContext ctx, EventClient.CloseReason reason) {
        if (reason == EventClient.CloseReason.TOO_FAR_BEHIND) {
            ctx.closeSession(1008, "too far behind");
        } else {
            ctx.closeSession(1011, "event stream write failed");
        }
    }

    /**
     * Once per session (close and error may both come); a refused session held no place. The place is given back
     * before the client leaves the gauge, so a client that sees the gauge drop finds the place free.
     */
    private void disconnect(WsContext ctx) {
        clients.computeIfPresent(ctx.sessionId(), (id, client) -> {
            streams.detach(client);
            streams.release();
            return null;
        });
    }
}
