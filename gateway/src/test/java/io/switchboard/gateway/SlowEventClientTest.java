package io.switchboard.gateway;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket client that stops reading: the others keep getting every event, and once its connection can take
 * no more the gateway drops it (its blocked write fails after the idle timeout, four keepalive intervals, at least 5 s)
 * instead of holding the session, its sender thread and its socket for an hour.
 */
class SlowEventClientTest {
    private static final String PAD = "p".repeat(1000);

    @Test
    void aClientThatStopsReadingIsDroppedAndStallsNoOther() throws Exception {
        try (GatewayFixture f = new GatewayFixture(0.02, b -> b.eventHeartbeat(Duration.ofMillis(250)));
             Socket stalled = new Socket()) {
            EventSocketTest.Collector fast = new EventSocketTest.Collector();
            WebSocket ws = f.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + f.gateway.port()
                    + "/api/v1/events?token=" + VIEWER + "&events=SlowTest"), fast).get(10, TimeUnit.SECONDS);
            // A tiny receive window, so the gateway's writes to it block soon once it stops reading.
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), f.gateway.port()));
            stalled.setSoTimeout(30_000);
            stalled.getOutputStream().write(("GET /api/v1/events?token=" + VIEWER + "&events=SlowTest HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(stalled.getInputStream())).startsWith("HTTP/1.1 101");
            await().atMost(Duration.ofSeconds(10)).until(() -> clients(f) == 2);

            // Batches the fast client keeps up with (far below the 20,000 a client may fall behind), until the
            // stalled one is gone: its buffers hold a few MB, so a few thousand 1 KB events fill them.
            int sent = 0;
            for (int batch = 0; batch < 40 && clients(f) == 2; batch++) {
                for (int i = 0; i < 500; i++, sent++) {
                    f.fake.pushEvent(Packet.of("Event", "SlowTest", "Privilege", "call,all", "N",
                            Integer.toString(sent), "Pad", PAD));
                }
                int expected = sent;
                await().atMost(Duration.ofSeconds(30)).until(() -> fast.messages.size() == expected);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> clients(f) == 1);
            assertThat(fast.messages).extracting(m -> m.get("headers").get(2).get(1).asInt())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, sent).boxed().toList());
            // The gateway closed the stalled connection: reading now reaches its end.
            assertThat(drainToEnd(stalled.getInputStream())).isTrue();
            ws.abort();
        }
    }

    private static double clients(GatewayFixture f) {
        return ServiceEndpointsTest.value(f.raw(VIEWER, "GET", "/metrics", null).body(),
                "switchboard_gateway_event_clients", "transport=\"websocket\"");
    }

    /** The HTTP response head, byte by byte so that no frame after it is consumed. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    /** Reads until the end of the stream (true) or a reset, which ends it too. */
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
            return true; // reset by the gateway
        }
    }
}
