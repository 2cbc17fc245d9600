package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.switchboard.gateway.GatewayFixture.ADMIN;
import static io.switchboard.gateway.GatewayFixture.OPERATOR;
import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static io.switchboard.gateway.RestApiTest.assertBadField;
import static io.switchboard.gateway.RestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bridges, peers, queues, parked calls and recording, against a PBX in real time (calls stay to be seen). */
class ModelApiTest {
    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new GatewayFixture(1.0, b -> b);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void listsNeedAViewerTokenAndAKnownServer() {
        for (String list : List.of("bridges", "peers", "queues", "parked")) {
            assertError(f.get(null, "/api/v1/" + list), 401, "unauthorized");
            assertError(f.get("nope", "/api/v1/" + list), 401, "unauthorized");
            assertError(f.get(VIEWER, "/api/v1/" + list + "?server=nope"), 404, "not_found");
            GatewayFixture.Answer a = f.get(VIEWER, "/api/v1/" + list + "?server=pbx1");
            assertThat(a.status()).as(list).isEqualTo(200);
            assertThat(a.body().isArray()).as(list).isTrue();
        }
    }

    @Test
    void bridgesListTheirChannels() {
        String caller = f.call("Local/bridge@test");
        AtomicReference<JsonNode> bridge = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (JsonNode b : f.get(VIEWER, "/api/v1/bridges").body()) {
                if (b.get("channels").size() == 2) {
                    bridge.set(b);
                }
            }
            return bridge.get() != null;
        });
        JsonNode b = bridge.get();
        assertThat(b.get("server").asText()).isEqualTo("pbx1");
        assertThat(b.get("id").asText()).isNotEmpty();
        assertThat(b.get("type").asText()).isNotEmpty();
        assertThat(b.get("technology").asText()).isNotEmpty();
        assertThat(b.get("createdAt").asText()).matches("\\d{4}-.*Z");
        for (JsonNode uid : b.get("channels")) {
            assertThat(f.get(VIEWER, "/api/v1/channels/pbx1/" + uid.asText()).status()).isEqualTo(200);
        }
        f.post(OPERATOR, "/api/v1/channels/pbx1/" + caller + "/hangup", "{}");
    }

    @Test
    void peersAreTheEndpoints() {
        JsonNode peers = f.get(VIEWER, "/api/v1/peers").body();
        assertThat(peers).isNotEmpty();
        assertThat(peers).allSatisfy(p -> {
            assertThat(p.get("server").asText()).isEqualTo("pbx1");
            assertThat(p.get("technology").asText()).isIn("PJSIP", "IAX2");
            assertThat(p.get("name").asText()).isNotEmpty();
            assertThat(p.has("status")).isTrue();
            assertThat(p.has("address")).isTrue();
        });
    }

    @Test
    void queuesShowMembersAndWaitingCallers() {
        String pause = "{\"action\":\"QueuePause\",\"headers\":[[\"Interface\",\"Local/qagent@test/n\"],"
                + "[\"Paused\",\"%s\"],[\"Queue\",\"testq\"]]}";
        assertThat(f.post(ADMIN, "/api/v1/actions", pause.formatted("true")).status()).isEqualTo(200);
        try {
            String caller = f.call("Local/queue@test");
            AtomicReference<JsonNode> queue = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (JsonNode q : f.get(VIEWER, "/api/v1/queues?server=pbx1").body()) {
                    if (q.get("name").asText().equals("testq") && q.get("callers").size() > 0
                            && q.get("members").get(0).get("paused").asBoolean()) {
                        queue.set(q);
                    }
                }
                return queue.get() != null;
            });
            JsonNode q = queue.get();
            assertThat(q.get("server").asText()).isEqualTo("pbx1");
            assertThat(q.get("strategy").asText()).isEqualTo("ringall");
            JsonNode c = q.get("callers").get(0);
            assertThat(c.get("position").asInt()).isEqualTo(1);
            assertThat(c.get("channel").asText()).startsWith("Local/queue@test-");
            assertThat(c.get("uniqueid").asText()).isNotEmpty();
            assertThat(c.get("waitSeconds").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(c.has("callerIdNumber") && c.has("callerIdName")).isTrue();
            JsonNode m = q.get("members").get(0);
            assertThat(m.get("name").asText()).isEqualTo("Agent One");
            assertThat(m.get("interface").asText()).isEqualTo("Local/qagent@test/n");
            assertThat(m.get("status").asText()).isNotEmpty();
            assertThat(m.has("inCall") && m.has("callsTaken")).isTrue();
            assertThat(q.get("longestWaitSeconds").asLong()).isGreaterThanOrEqualTo(c.get("waitSeconds").asLong());
            assertThat(q.has("completed") && q.has("abandoned") && q.has("holdTimeSeconds")).isTrue();
            f.post(OPERATOR, "/api/v1/channels/pbx1/" + caller + "/hangup", "{}");
        } finally {
            f.post(ADMIN, "/api/v1/actions", pause.formatted("false"));
        }
    }

    @Test
    void parkedCallsWithTheirSpace() {
        f.call("Local/park@test");
        AtomicReference<JsonNode> parked = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode list = f.get(VIEWER, "/api/v1/parked").body();
            parked.set(list.size() > 0 ? list.get(0) : null);
            return parked.get() != null;
        });
        JsonNode p = parked.get();
        assertThat(p.get("server").asText()).isEqualTo("pbx1");
        assertThat(p.get("lot").asText()).isEqualTo("default");
        assertThat(p.get("space").asText()).matches("7\\d\\d");
        assertThat(p.get("channel").asText()).startsWith("Local/park@test-");
        assertThat(p.get("parkedAt").asText()).matches("\\d{4}-.*Z");
        assertThat(p.get("timeoutSeconds").asLong()).isPositive();
        assertThat(f.get(VIEWER, "/api/v1/channels/pbx1/" + p.get("uniqueid").asText()).status()).isEqualTo(200);
    }

    @Test
    void recordingStartedAndStoppedByOperators() {
        String id = f.holdCall();
        String path = "/api/v1/channels/pbx1/" + id + "/recording";
        assertError(f.post(VIEWER, path, "{}"), 403, "forbidden");
        assertError(f.send(VIEWER, "DELETE", path, null), 403, "forbidden");
        assertError(f.post(null, path, "{}"), 401, "unauthorized");
        assertBadField(f.post(OPERATOR, path, "{\"file\":\"../../etc/passwd\"}"), "file");
        assertBadField(f.post(OPERATOR, path, "{\"file\":\"/tmp/x.wav\"}"), "file");
        assertBadField(f.post(OPERATOR, path, "{\"file\":\"a\\r\\nAction: Hangup\"}"), "file");
        assertBadField(f.post(OPERATOR, path, "{\"file\":7}"), "file");
        assertBadField(f.post(OPERATOR, path, "{\"format\":\"WAV!\"}"), "format");
        assertBadField(f.post(OPERATOR, path, "{\"file\":"), "body");
        assertError(f.post(OPERATOR, "/api/v1/channels/pbx1/1.999/recording", "{}"), 404, "not_found");

        GatewayFixture.Answer started = f.post(OPERATOR, path, "{\"file\":\"calls/" + id + "\",\"format\":\"gsm\"}");
        assertThat(started.status()).isEqualTo(201);
        assertThat(started.body().get("server").asText()).isEqualTo("pbx1");
        assertThat(started.body().get("uniqueid").asText()).isEqualTo(id);
        assertThat(started.body().get("file").asText()).isEqualTo("calls/" + id + ".gsm");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> f.get(VIEWER, "/api/v1/channels/pbx1/" + id).body().get("recording").asBoolean());
        GatewayFixture.Answer stopped = f.send(OPERATOR, "DELETE", path, null);
        assertThat(stopped.status()).isEqualTo(200);
        // Asterisk refuses to stop what is not running: its error is passed on.
        GatewayFixture.Answer again = f.send(OPERATOR, "DELETE", path, null);
        assertError(again, 502, "ami_error");
        assertThat(again.body().get("response").get("Message").asText()).contains("MixMonitor");
        f.post(OPERATOR, "/api/v1/channels/pbx1/" + id + "/hangup", "{}");
    }

    @Test
    void aDefaultRecordingFileNamedAfterTheChannel() {
        String id = f.holdCall();
        GatewayFixture.Answer a = f.post(OPERATOR, "/api/v1/channels/pbx1/" + id + "/recording", "");
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.body().get("file").asText()).isEqualTo("switchboard-" + id + ".wav");
        f.post(OPERATOR, "/api/v1/channels/pbx1/" + id + "/hangup", "{}");
    }
}
