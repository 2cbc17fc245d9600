package io.switchboard.gateway;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.LongStream;

import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SSE client that stops reading is dropped by the WebSocket's rule -- no progress for four keepalive
 * intervals -- rather than only by Jetty's 30 s connection idle timeout, and the other clients keep getting every
 * event meanwhile.
 */
class SlowSseClientTest {
    private static final String PAD = "p".repeat(1000);

    @Test
    void anSseClientThatStopsReadingIsDroppedAndStallsNoOther() throws Exception {
        try (GatewayFixture f = new GatewayFixture(0.02, b -> b.eventHeartbeat(Duration.ofMillis(250)));
             SseStream fast = new SseStream(f, "?events=SlowSse", null);
             Socket stalled = new Socket()) {
            // A tiny receive window, so the gateway's writes to it block soon once it stops reading.
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), f.gateway.port()));
            stalled.setSoTimeout(30_000);
            stalled.getOutputStream().write(("GET /api/v1/events?events=SlowSse HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + VIEWER + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(stalled.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 200");
            // Both attached: each has had a keepalive (the fast one counted, the stalled one is in its buffers).
            await().atMost(Duration.ofSeconds(10)).until(() -> clients(f) == 2 && fast.keepalives.get() >= 1);

            // Batches the fast client keeps up with (together below the 20,000 a client may fall behind), until
            // the stalled one is gone: its socket buffers hold a few MB, a few thousand 1 KB events fill them.
            int sent = 0;
            for (int batch = 0; batch < 40 && clients(f) == 2; batch++) {
                for (int i = 0; i < 500; i++, sent++) {
                    f.fake.pushEvent(Packet.of("Event", "SlowSse", "Privilege", "call,all", "N",
                            Integer.toString(sent), "Pad", PAD));
                }
                int expected = sent;
                await().atMost(Duration.ofSeconds(30)).until(() -> fast.messages.size() == expected);
            }
            // Four intervals (at least the 5 s floor) after its last progress; Jetty's own 30 s idle timeout would
            // not come within this bound.
            await().atMost(Duration.ofSeconds(20)).until(() -> clients(f) == 1);
            assertThat(fast.messages).extracting(m -> m.data().get("headers").get(2).get(1).asLong())
                    .containsExactlyElementsOf(LongStream.range(0, sent).boxed().toList());
            // The gateway closed the stalled connection: reading now reaches its end.
            assertThat(drainToEnd(stalled.getInputStream())).isTrue();
        }
    }

    private static double clients(GatewayFixture f) {
        return ServiceEndpointsTest.value(f.raw(VIEWER, "GET", "/metrics", null).body(),
                "switchboard_gateway_event_clients", "transport=\"sse\"");
    }

    /** Reads until the end of the stream (true) or a reset, which ends it too; false on the read timeout. */
    private static boolean drainToEnd(InputStream in) {
        byte[] buf = new byte[64 * 1024];
        try {
            while (in.read(buf) >= 0) {
                // discard what was buffered before the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
