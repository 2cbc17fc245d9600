package io.switchboard.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static io.switchboard.gateway.RestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * maxEventClients counts WebSocket and SSE clients together: one too many is refused (WebSocket closed with
 * 1013 before any event, SSE 503 too_many_clients) and counted, and a place given back by either transport is
 * taken by the next client of either.
 */
class EventClientLimitTest {
    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new GatewayFixture(0.02, b -> b.maxEventClients(2).eventHeartbeat(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    /** Records the close code and every message and ping of one WebSocket. */
    static final class Recorder implements WebSocket.Listener {
        final AtomicInteger closeCode = new AtomicInteger(-1);
        final AtomicInteger pings = new AtomicInteger();
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            messages.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
            pings.incrementAndGet();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode.set(statusCode);
            return null;
        }
    }

    private static WebSocket open(Recorder r) throws Exception {
        return f.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + f.gateway.port()
                + "/api/v1/events?token=" + VIEWER), r).get(10, TimeUnit.SECONDS);
    }

    /**
     * Upgrades a raw socket and reads the first frame the gateway sends: it must be a close frame, before any
     * event or ping. Returns its code and reason.
     */
    private static String refusedCloseFrame() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.gateway.port())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(("GET /api/v1/events?token=" + VIEWER + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(s.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            assertThat(in.readUnsignedByte()).as("FIN + close opcode").isEqualTo(0x88);
            int length = in.readUnsignedByte(); // unmasked, short
            byte[] payload = new byte[length];
            in.readFully(payload);
            int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            return code + " " + new String(payload, 2, length - 2, StandardCharsets.UTF_8);
        }
    }

    private static double metric(String name, String... labels) {
        return ServiceEndpointsTest.value(f.raw(VIEWER, "GET", "/metrics", null).body(), name, labels);
    }

    private static double clients(String transport) {
        return metric("switchboard_gateway_event_clients", "transport=\"" + transport + "\"");
    }

    @Test
    void oneClientTooManyIsRefusedOnEitherTransportAndAFreedPlaceIsTaken() throws Exception {
        Recorder first = new Recorder();
        WebSocket ws = open(first);
        SseStream sse = new SseStream(f, "?events=None", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> clients("websocket") == 1 && clients("sse") == 1);
        assertThat(f.raw(VIEWER, "GET", "/metrics", null).body())
                .containsPattern("(?m)^switchboard_gateway_event_clients_max 2\\.0$");

        // Read raw: the JDK's WebSocket client takes 1013 for a protocol error and reports 1006 instead.
        assertThat(refusedCloseFrame()).isEqualTo("1013 too many event clients; try again later");
        assertError(f.get(VIEWER, "/api/v1/events?events=None"), 503, "too_many_clients");
        assertThat(metric("switchboard_gateway_event_clients_refused_total", "transport=\"websocket\"")).isEqualTo(1);
        assertThat(metric("switchboard_gateway_event_clients_refused_total", "transport=\"sse\"")).isEqualTo(1);
        assertThat(clients("websocket") + clients("sse")).isEqualTo(2);
        // The clients in place are unaffected.
        assertThat(first.closeCode.get()).isEqualTo(-1);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.pings.get() >= 1 && sse.keepalives.get() >= 1);

        // An SSE place given back goes to a WebSocket...
        sse.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> clients("sse") == 0);
        Recorder second = new Recorder();
        WebSocket ws2 = open(second);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.pings.get() >= 1);
        assertThat(second.closeCode.get()).isEqualTo(-1);

        // ...and a WebSocket place to an SSE client.
        ws.abort();
        await().atMost(Duration.ofSeconds(10)).until(() -> clients("websocket") == 1);
        try (SseStream again = new SseStream(f, "?events=None", null)) {
            assertThat(again.response.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> again.keepalives.get() >= 1);
        }
        ws2.abort();
        await().atMost(Duration.ofSeconds(10)).until(() -> clients("websocket") + clients("sse") == 0);
    }
}
