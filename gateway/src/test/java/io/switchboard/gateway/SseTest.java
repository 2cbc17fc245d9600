package io.switchboard.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.switchboard.gateway.GatewayFixture.OPERATOR;
import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static io.switchboard.gateway.RestApiTest.assertBadField;
import static io.switchboard.gateway.RestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/v1/events without an upgrade: Server-Sent Events with the WebSocket's JSON and resume by id. */
class SseTest {
    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new GatewayFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void badRequestsAreRefusedBeforeStreaming() {
        assertError(f.get(null, "/api/v1/events"), 401, "unauthorized");
        assertError(f.get("wrong", "/api/v1/events"), 401, "unauthorized");
        assertError(f.get(VIEWER, "/api/v1/events?server=nope"), 404, "not_found");
        assertBadField(f.get(VIEWER, "/api/v1/events?since=abc"), "since");
        assertBadField(f.get(VIEWER, "/api/v1/events?since=nope:3"), "since");
    }

    @Test
    void eventsStreamWithTheirPositionAsIdAndResumeFromIt() throws Exception {
        try (SseStream live = new SseStream(f, "?events=Newchannel&server=pbx1", null)) {
            assertThat(live.response.statusCode()).isEqualTo(200);
            assertThat(live.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            await().atMost(Duration.ofSeconds(10)).until(() -> ServiceEndpointsTest.value(f.raw(VIEWER, "GET", "/metrics", null).body(),
                    "switchboard_gateway_event_clients", "transport=\"sse\"") >= 1);
            f.holdCall();
            f.holdCall();
            await().atMost(Duration.ofSeconds(10)).until(() -> live.messages.size() >= 2);
            SseStream.Message first = live.messages.get(0);
            SseStream.Message second = live.messages.get(1);
            assertThat(first.event()).isEqualTo("event");
            assertThat(first.data().get("event").asText()).isEqualTo("Newchannel");
            assertThat(first.data().get("server").asText()).isEqualTo("pbx1");
            assertThat(first.id()).isEqualTo("pbx1:" + first.data().get("seq").asLong());
            assertThat(first.data().get("headers").isArray()).isTrue();

            // An EventSource reconnecting sends the last id it saw: the stream goes on right after it.
            try (SseStream resumed = new SseStream(f, "?events=Newchannel", first.id())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.messages.isEmpty());
                assertThat(resumed.messages.get(0).data().get("seq").asLong())
                        .isEqualTo(second.data().get("seq").asLong());
            }
            // since= in the query does the same (and wins over the header).
            try (SseStream resumed = new SseStream(f,
                    "?events=Newchannel&since=pbx1:" + first.data().get("seq").asLong(), "pbx1:0")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.messages.isEmpty());
                assertThat(resumed.messages.get(0).id()).isEqualTo(second.id());
            }
        }
    }

    @Test
    void theTokenMayComeInTheQueryForBrowsersEventSource() throws Exception {
        HttpResponse<String> refused = f.http.send(HttpRequest.newBuilder(f.uri("/api/v1/events?token=wrong"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        HttpResponse<InputStream> ok = f.http.send(HttpRequest.newBuilder(f.uri("/api/v1/events?token=" + VIEWER))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(ok.statusCode()).isEqualTo(200);
        ok.body().close();
    }

    @Test
    void aFilteredStreamOnlyCarriesItsChannel() throws Exception {
        String id = f.holdCall();
        try (SseStream one = new SseStream(f, "?channel=" + id, null)) {
            f.holdCall();
            assertThat(f.post(OPERATOR, "/api/v1/channels/pbx1/" + id + "/hangup", "{}").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> one.messages.stream()
                    .anyMatch(m -> m.data().get("event").asText().equals("Hangup")));
            assertThat(one.messages).allSatisfy(m -> assertThat(m.data().toString()).contains(id));
        }
    }
}
