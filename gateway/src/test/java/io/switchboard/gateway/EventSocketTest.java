package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.ami.Packet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class EventSocketTest {
    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new GatewayFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    /** Collects whole text messages as JSON. */
    static final class Collector implements WebSocket.Listener {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(GatewayFixture.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        List<String> names() {
            return messages.stream().map(m -> m.path("event").asText()).toList();
        }
    }

    private WebSocket open(String query, Collector c, String bearer) throws Exception {
        var b = f.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        URI uri = URI.create("ws://127.0.0.1:" + f.gateway.port() + "/api/v1/events" + query);
        return b.buildAsync(uri, c).get(10, TimeUnit.SECONDS);
    }

    private int refusedWith(String query, String bearer) {
        Throwable t = catchThrowable(() -> open(query, new Collector(), bearer));
        assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) t.getCause()).getResponse().statusCode();
    }

    private static void push(String name, String channel, String marker) {
        f.fake.pushEvent(Packet.of("Event", name, "Privilege", "call,all", "Channel", channel, "Marker", marker));
    }

    @Test
    void aTokenIsRequired() {
        assertThat(refusedWith("", null)).isEqualTo(401);
        assertThat(refusedWith("?token=wrong", null)).isEqualTo(401);
        assertThat(refusedWith("?token=" + VIEWER + "&server=nope", null)).isEqualTo(404);
        assertThat(refusedWith("?token=" + VIEWER + "&since=-4", null)).isEqualTo(400);
        assertThat(refusedWith("?since=nope:4", VIEWER)).isEqualTo(400);
    }

    @Test
    void eventsArriveFilteredByNameAndChannel() throws Exception {
        Collector byName = new Collector();
        Collector byChannel = new Collector();
        // Live-only subscribers: events pushed right after the handshake must arrive even if the server attaches
        // the subscriber a moment later (it starts from the sequence recorded at upgrade).
        WebSocket a = open("?token=" + VIEWER + "&events=TestAlpha,testomega&server=pbx1", byName, null);
        WebSocket b = open("?events=TestAlpha,TestBeta,TestOmega&channel=PJSIP/alice", byChannel, VIEWER);
        push("TestAlpha", "PJSIP/alice-0001", "1");
        push("TestBeta", "PJSIP/alice-0001", "2");
        push("TestAlpha", "PJSIP/bob-0002", "3");
        push("TestOmega", "PJSIP/bob-0002", "end");
        push("TestOmega", "PJSIP/alice-0001", "end");
        await().atMost(Duration.ofSeconds(10)).until(() -> byName.messages.size() == 4
                && byChannel.names().contains("TestOmega"));
        assertThat(byName.names()).containsExactly("TestAlpha", "TestAlpha", "TestOmega", "TestOmega");
        assertThat(byChannel.names()).containsExactly("TestAlpha", "TestBeta", "TestOmega");
        JsonNode first = byName.messages.get(0);
        assertThat(first.get("server").asText()).isEqualTo("pbx1");
        assertThat(first.get("seq").asLong()).isPositive();
        assertThat(first.get("headers").toString()).contains("[\"Marker\",\"1\"]");
        assertThat(byName.messages.get(1).get("seq").asLong()).isGreaterThan(first.get("seq").asLong());
        a.abort();
        b.abort();
    }

    @Test
    void aConsumerResumesFromASequenceNumber() throws Exception {
        Collector live = new Collector();
        WebSocket ws = open("?token=" + VIEWER + "&events=TestResume", live, null);
        push("TestResume", "PJSIP/alice-1", "r1");
        push("TestResume", "PJSIP/alice-1", "r2");
        push("TestResume", "PJSIP/alice-1", "r3");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.messages.size() == 3);
        ws.abort();
        long afterFirst = live.messages.get(0).get("seq").asLong();

        Collector resumed = new Collector();
        WebSocket again = open("?token=" + VIEWER + "&events=TestResume&since=pbx1:" + afterFirst, resumed, null);
        push("TestResume", "PJSIP/alice-1", "r4");
        await().atMost(Duration.ofSeconds(10)).until(() -> resumed.messages.size() == 3);
        assertThat(resumed.messages).extracting(m -> m.get("headers").toString())
                .satisfiesExactly(h -> assertThat(h).contains("r2"), h -> assertThat(h).contains("r3"),
                        h -> assertThat(h).contains("r4"));
        again.abort();
    }

    @Test
    void liveCallEventsReachTheSocket() throws Exception {
        Collector c = new Collector();
        WebSocket ws = open("?token=" + VIEWER + "&events=Newchannel", c, null);
        f.holdCall();
        await().atMost(Duration.ofSeconds(10)).until(() -> !c.messages.isEmpty());
        assertThat(c.names()).containsOnly("Newchannel");
        ws.abort();
    }
}
