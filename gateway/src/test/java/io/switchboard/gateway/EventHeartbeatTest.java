package io.switchboard.gateway;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keepalives on /api/v1/events while no event flows: SSE comments and WebSocket pings, a departed SSE client
 * found by them, and resume ids untouched by them.
 */
class EventHeartbeatTest {
    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new GatewayFixture(0.02, b -> b.eventHeartbeat(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static double clients(String transport) {
        return ServiceEndpointsTest.value(f.raw(VIEWER, "GET", "/metrics", null).body(),
                "switchboard_gateway_event_clients", "transport=\"" + transport + "\"");
    }

    private static void push(String marker) {
        f.fake.pushEvent(Packet.of("Event", "TestBeat", "Privilege", "call,all", "Channel", "PJSIP/alice-1",
                "Marker", marker));
    }

    @Test
    void aQuietSseStreamGetsKeepaliveComments() throws Exception {
        try (SseStream quiet = new SseStream(f, "?events=NoSuchEvent", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> quiet.keepalives.get() >= 3);
            assertThat(quiet.messages).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> clients("sse") == 0);
    }

    @Test
    void anSseClientThatLeftIsRemovedByTheKeepaliveThatCannotBeWritten() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> clients("sse") == 0);
        // A raw socket: the test decides exactly when the connection goes, and no event is ever due to it.
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.gateway.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/v1/events?events=NoSuchEvent HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + VIEWER + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 200");
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals(": keepalive"));
            assertThat(line).isEqualTo(": keepalive");
            assertThat(clients("sse")).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> clients("sse") == 0);
    }

    @Test
    void keepalivesLeaveEventIdsAndResumeAlone() throws Exception {
        try (SseStream live = new SseStream(f, "?events=TestBeat", null)) {
            // The first keepalive shows the stream is attached: every event pushed from now on is due to it.
            await().atMost(Duration.ofSeconds(10)).until(() -> live.keepalives.get() >= 1);
            push("b1");
            push("b2");
            push("b3");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.messages.size() == 3);
            int seen = live.keepalives.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> live.keepalives.get() > seen);
            assertThat(live.messages).allSatisfy(m ->
                    assertThat(m.id()).isEqualTo("pbx1:" + m.data().get("seq").asLong()));
            SseStream.Message first = live.messages.get(0);

            try (SseStream resumed = new SseStream(f, "?events=TestBeat", first.id())) {
                // A keepalive goes out only once the backlog is written: everything resumed is there by now.
                await().atMost(Duration.ofSeconds(10)).until(() -> resumed.keepalives.get() >= 1);
                assertThat(resumed.seqs()).isEqualTo(live.seqs().subList(1, 3));
                assertThat(resumed.messages).extracting(SseStream.Message::id)
                        .containsExactly(live.messages.get(1).id(), live.messages.get(2).id());
                push("b4");
                await().atMost(Duration.ofSeconds(10)).until(() -> resumed.messages.size() == 3
                        && live.messages.size() == 4);
                int more = resumed.keepalives.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> resumed.keepalives.get() > more);
                assertThat(resumed.seqs()).isEqualTo(live.seqs().subList(1, 4)).doesNotHaveDuplicates();
                assertThat(live.seqs()).doesNotHaveDuplicates().isSorted();
            }
        }
    }

    @Test
    void aWebSocketGetsPingsAndStaysOpen() throws Exception {
        AtomicInteger pings = new AtomicInteger();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
                pings.incrementAndGet();
                ws.request(1); // the JDK answers with a pong itself
                return null;
            }
        };
        WebSocket ws = f.http.newWebSocketBuilder().header("Authorization", "Bearer " + VIEWER)
                .buildAsync(URI.create("ws://127.0.0.1:" + f.gateway.port() + "/api/v1/events?events=NoSuchEvent"),
                        listener).get(10, TimeUnit.SECONDS);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> pings.get() >= 3);
            assertThat(ws.isInputClosed()).isFalse();
            assertThat(clients("websocket")).isEqualTo(1);
        } finally {
            ws.abort();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> clients("websocket") == 0);
    }
}
