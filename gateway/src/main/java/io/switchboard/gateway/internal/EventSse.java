package io.switchboard.gateway.internal;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/events} without a WebSocket upgrade: the same events as Server-Sent Events, for clients
 * that only speak HTTP. Same query as the WebSocket; each message is {@code event: event} (or {@code gap}) with
 * the WebSocket's JSON as {@code data}. The {@code id} is the client's position on every server it follows,
 * {@code pbx1:SEQ,pbx2:SEQ}, which is exactly the {@code since} format: a reconnecting EventSource sends it
 * back as {@code Last-Event-ID} and resumes without gap or duplicate ({@code since=} wins when both are given).
 * A stream silent for the heartbeat interval gets a {@code : keepalive} comment, which EventSource ignores and
 * which leaves the last event id as it was. A connection that makes no progress for four keepalive intervals
 * (a client that stopped reading) is dropped, as a WebSocket is.
 */
final class EventSse {
    /** A comment line and the blank line that ends it as a message (some clients only parse whole messages). */
    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final EventStreams streams;
    private final Map<EventClient, SseClient> clients = new ConcurrentHashMap<>();

    EventSse(EventStreams streams) {
        this.streams = streams;
    }

    /** Connected SSE clients, for the metrics gauge. */
    int clientCount() {
        return clients.size();
    }

    /** The route handler (behind the viewer role check): validates, then streams until the client leaves. */
    void handle(Context ctx) throws Exception {
        String since = ctx.queryParam("since");
        if (since == null || since.isEmpty()) {
            since = ctx.header("Last-Event-ID");
        }
        EventStreams.Query query = streams.parse(ctx.queryParam("events"), ctx.queryParam("server"),
                ctx.queryParam("channel"), since);
        Map<String, Long> start = streams.positions();
        if (!streams.reserve("sse")) {
            throw new ApiException(503, "too_many_clients", "this gateway serves at most " + streams.maxClients()
                    + " event stream clients; try again later", null);
        }
        // The WebSocket's rule: no progress for four keepalive intervals ends the connection. A client that stopped
        // reading otherwise held its blocked write, a sender thread and its place until Jetty's 30 s connection
        // idle timeout, whatever the heartbeat; a healthy client gets a keepalive every interval.
        Request base = Request.getBaseRequest(ctx.req());
        if (base != null) {
            base.getHttpChannel().getEndPoint().setIdleTimeout(streams.idleTimeout().toMillis());
        }
        // The handler starts the stream on Javalin's async executor; from then its close gives the place back.
        boolean started = false;
        try {
            new SseHandler(sse -> stream(sse, query, start)).handle(ctx);
            started = true;
        } finally {
            if (!started) {
                streams.release(); // the response failed before the stream began
            }
        }
    }

    private void stream(SseClient sse, EventStreams.Query query, Map<String, Long> start) {
        Map<String, Long> from = streams.startPoints(query, start);
        // The client's position per server, advanced by its drain (one at a time) as events go out.
        Map<String, Long> position = new LinkedHashMap<>();
        from.forEach((server, seq) -> position.put(server, seq == null ? 0L : seq));
        EventClient client = new EventClient(query.filter(), out -> {
            if (!out.isGap()) {
                position.put(out.server(), out.seq());
            }
            sse.sendEvent(out.isGap() ? "gap" : "event", out.json(), id(position));
            if (sse.terminated()) {
                throw new IllegalStateException("SSE client went away");
            }
        }, () -> keepalive(sse), reason -> sse.close(), streams.senders(), EventStreams.MAX_QUEUED);
        AtomicBoolean released = new AtomicBoolean();
        sse.onClose(() -> {
            if (released.compareAndSet(false, true)) {
                streams.detach(client);
                streams.release(); // before the gauge drops: who sees it drop finds the place free
                clients.remove(client);
            }
        });
        clients.put(client, sse);
        streams.attach(client, from);
        sse.keepAlive();
    }

    /**
     * Writes the keepalive straight to the response: Javalin's {@code sendComment} writes no blank line. Only
     * the client's drain writes, so this never interleaves with an event.
     */
    private static void keepalive(SseClient sse) {
        if (sse.terminated()) {
            throw new IllegalStateException("SSE client went away");
        }
        try {
            HttpServletResponse res = sse.ctx().res();
            res.getOutputStream().write(KEEPALIVE);
            res.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends every stream (the server is stopping; clients may resume elsewhere or later with their id). */
    void closeAll() {
        clients.values().forEach(SseClient::close);
    }

    private static String id(Map<String, Long> position) {
        return position.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
