package io.switchboard.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.switchboard.gateway.GatewayFixture.ADMIN;
import static io.switchboard.gateway.GatewayFixture.OPERATOR;
import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static io.switchboard.gateway.RestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that was connected and is lost: every request that would talk to Asterisk is a prompt 503
 * {@code ami_unavailable} (the AMI client would otherwise hold the action until the connection is back or the
 * 30 s action deadline passed, longer than the fixture's 15 s HTTP timeout), reads of the model still answer,
 * and everything works again once the server is back.
 */
class ServerLostTest {
    @Test
    void requestsThatNeedAsteriskAre503WhileTheConnectionIsDown() throws Exception {
        try (GatewayFixture f = new GatewayFixture()) {
            String id = f.holdCall();
            String channel = "/api/v1/channels/pbx1/" + id;
            f.fake.stop();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !f.get(VIEWER, "/api/v1/servers").body().get(0).get("state").asText().equals("READY"));

            assertError(f.post(ADMIN, "/api/v1/actions", "{\"action\":\"Ping\"}"), 503, "ami_unavailable");
            assertError(f.post(ADMIN, "/api/v1/actions", "{\"action\":\"CoreShowChannels\",\"list\":true}"), 503,
                    "ami_unavailable");
            assertError(f.post(ADMIN, "/api/v1/command", "{\"command\":\"core show version\"}"), 503,
                    "ami_unavailable");
            assertError(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"Local/hold@test\",\"application\":\"Wait\"}"),
                    503, "ami_unavailable");
            assertError(f.post(OPERATOR, "/api/v1/calls", "{\"from\":\"PJSIP/alice\",\"to\":\"PJSIP/bob\"}"), 503,
                    "ami_unavailable");
            assertError(f.post(OPERATOR, channel + "/hangup", "{}"), 503, "ami_unavailable");
            assertError(f.post(OPERATOR, channel + "/redirect", "{\"context\":\"test\",\"exten\":\"x\"}"), 503,
                    "ami_unavailable");
            assertError(f.get(VIEWER, channel + "/variables/NOTE"), 503, "ami_unavailable");
            assertError(f.send(OPERATOR, "PUT", channel + "/variables/NOTE", "{\"value\":\"x\"}"), 503,
                    "ami_unavailable");
            assertError(f.post(OPERATOR, channel + "/recording", "{}"), 503, "ami_unavailable");
            assertError(f.send(OPERATOR, "DELETE", channel + "/recording", null), 503, "ami_unavailable");
            assertError(f.get(VIEWER, "/api/v1/peers?server=pbx1"), 503, "ami_unavailable");
            assertThat(f.get(VIEWER, "/api/v1/peers").body()).isEmpty();
            // Bad input is still 400 and an unknown server still 404, whatever the connection does.
            RestApiTest.assertBadField(f.post(ADMIN, "/api/v1/actions", "{\"action\":\"Pi ng\"}"), "action");
            assertError(f.post(ADMIN, "/api/v1/command", "{\"server\":\"nope\",\"command\":\"x\"}"), 404, "not_found");
            // What the model knows is still served.
            assertThat(f.get(VIEWER, channel).status()).isEqualTo(200);
            assertThat(f.get(VIEWER, "/api/v1/channels").status()).isEqualTo(200);

            f.fake.restart();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    f.get(VIEWER, "/api/v1/servers").body().get(0).get("state").asText().equals("READY"));
            assertThat(f.post(ADMIN, "/api/v1/actions", "{\"action\":\"Ping\"}").status()).isEqualTo(200);
            assertThat(f.get(VIEWER, "/api/v1/peers?server=pbx1").status()).isEqualTo(200);
        }
    }
}
