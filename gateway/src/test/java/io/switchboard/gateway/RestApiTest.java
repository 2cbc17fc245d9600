package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.switchboard.gateway.GatewayFixture.ADMIN;
import static io.switchboard.gateway.GatewayFixture.OPERATOR;
import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RestApiTest {
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
    void healthNeedsNoToken() {
        GatewayFixture.Answer a = f.get(null, "/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void serversWithTheirState() {
        GatewayFixture.Answer a = f.get(VIEWER, "/api/v1/servers");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get(0).get("name").asText()).isEqualTo("pbx1");
        assertThat(a.body().get(0).get("state").asText()).isEqualTo("READY");
    }

    @Test
    void everyEndpointNeedsAValidToken() {
        assertError(f.get(null, "/api/v1/servers"), 401, "unauthorized");
        assertError(f.get("wrong", "/api/v1/channels"), 401, "unauthorized");
        assertError(f.post(null, "/api/v1/calls", "{}"), 401, "unauthorized");
        assertError(f.send("", "GET", "/api/v1/channels", null), 401, "unauthorized");
    }

    @Test
    void channelsListedAndFetched() {
        String id = f.holdCall();
        JsonNode list = f.get(VIEWER, "/api/v1/channels?server=pbx1").body();
        assertThat(list).anySatisfy(c -> {
            assertThat(c.get("server").asText()).isEqualTo("pbx1");
            assertThat(c.get("uniqueid").asText()).isEqualTo(id);
        });
        GatewayFixture.Answer one = f.get(VIEWER, "/api/v1/channels/pbx1/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("name").asText()).startsWith("Local/hold@test-");
        assertThat(one.body().get("server").asText()).isEqualTo("pbx1");
        assertError(f.get(VIEWER, "/api/v1/channels?server=nope"), 404, "not_found");
        assertError(f.get(VIEWER, "/api/v1/channels/nope/" + id), 404, "not_found");
        assertError(f.get(VIEWER, "/api/v1/channels/pbx1/1234.999"), 404, "not_found");
    }

    @Test
    void variablesReadByViewersAndSetByOperators() {
        String id = f.holdCall();
        String path = "/api/v1/channels/pbx1/" + id + "/variables/NOTE";
        assertError(f.send(VIEWER, "PUT", path, "{\"value\":\"vip\"}"), 403, "forbidden");
        GatewayFixture.Answer set = f.send(OPERATOR, "PUT", path, "{\"value\":\"vip\"}");
        assertThat(set.status()).isEqualTo(200);
        GatewayFixture.Answer got = f.get(VIEWER, path);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().get("value").asText()).isEqualTo("vip");
        assertBadField(f.send(OPERATOR, "PUT", path, "{\"value\":\"a\\r\\nAction: Hangup\"}"), "value");
        assertBadField(f.send(OPERATOR, "PUT", path, "{\"value\":7}"), "value");
        assertBadField(f.send(OPERATOR, "PUT", path, "{\"value\":"), "body");
        assertBadField(f.send(OPERATOR, "PUT", "/api/v1/channels/pbx1/" + id + "/variables/A%0D%0AB",
                "{\"value\":\"x\"}"), "name");
        // Dialplan functions as names would be evaluated by Asterisk: a viewer must not read ENV() or DB().
        String base = "/api/v1/channels/pbx1/" + id + "/variables/";
        assertBadField(f.get(VIEWER, base + "ENV(AMI_SECRET)"), "name");
        assertBadField(f.get(VIEWER, base + "DB(cidname%2F100)"), "name");
        assertBadField(f.get(VIEWER, base + "SHELL(id)"), "name");
        assertBadField(f.send(OPERATOR, "PUT", base + "FILE(%2Ftmp%2Fx)", "{\"value\":\"x\"}"), "name");
        assertBadField(f.get(VIEWER, base + "A=B"), "name");
        assertBadField(f.get(VIEWER, base + "X".repeat(81)), "name");
        assertThat(f.get(VIEWER, base + "__INHERITED_1").status()).isEqualTo(200);
    }

    @Test
    void hangupByOperatorsOnly() {
        String id = f.holdCall();
        String path = "/api/v1/channels/pbx1/" + id + "/hangup";
        assertError(f.post(VIEWER, path, "{}"), 403, "forbidden");
        assertBadField(f.post(OPERATOR, path, "{\"cause\":\"busy\"}"), "cause");
        assertBadField(f.post(OPERATOR, path, "{\"cause\":500}"), "cause");
        assertBadField(f.post(OPERATOR, path, "not json"), "body");
        assertThat(f.post(OPERATOR, path, "{\"cause\":17}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> f.get(VIEWER, "/api/v1/channels/pbx1/" + id).status() == 404);
        assertError(f.post(OPERATOR, path, "{}"), 404, "not_found");
    }

    @Test
    void redirectByOperators() {
        String id = f.holdCall();
        String path = "/api/v1/channels/pbx1/" + id + "/redirect";
        String body = "{\"context\":\"test\",\"exten\":\"redirected\",\"priority\":1}";
        assertError(f.post(VIEWER, path, body), 403, "forbidden");
        assertBadField(f.post(OPERATOR, path, "{\"exten\":\"x\"}"), "context");
        assertBadField(f.post(OPERATOR, path, "{\"context\":\"test\",\"exten\":\"x\",\"priority\":0}"), "priority");
        assertBadField(f.post(OPERATOR, path, "{\"context\":\"te\\nst\",\"exten\":\"x\"}"), "context");
        assertThat(f.post(OPERATOR, path, body).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            GatewayFixture.Answer a = f.get(VIEWER, "/api/v1/channels/pbx1/" + id);
            return a.status() == 404 || a.body().get("exten").asText().equals("redirected");
        });
    }

    @Test
    void originateToAnApplication() {
        String body = "{\"server\":\"pbx1\",\"to\":\"Local/hold@test\",\"application\":\"Wait\",\"data\":\"600\"}";
        assertError(f.post(VIEWER, "/api/v1/calls", body), 403, "forbidden");
        GatewayFixture.Answer a = f.post(OPERATOR, "/api/v1/calls", body);
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.body().get("server").asText()).isEqualTo("pbx1");
        assertThat(a.body().get("name").asText()).startsWith("Local/hold@test-");
    }

    @Test
    void originateIntoTheDialplanAndConnectTwoParties() {
        GatewayFixture.Answer a = f.post(OPERATOR, "/api/v1/calls",
                "{\"to\":\"Local/hold@test\",\"context\":\"test\",\"exten\":\"hold\",\"priority\":1}");
        assertThat(a.status()).isEqualTo(201);
        GatewayFixture.Answer c = f.post(OPERATOR, "/api/v1/calls", "{\"from\":\"PJSIP/alice\",\"to\":\"PJSIP/bob\"}");
        assertThat(c.status()).isEqualTo(201);
        assertThat(c.body().get("name").asText()).startsWith("PJSIP/alice-");
    }

    @Test
    void badCallsAre400WithTheField() {
        assertBadField(f.post(OPERATOR, "/api/v1/calls", "{\"application\":\"Wait\"}"), "to");
        assertBadField(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"alice\",\"application\":\"Wait\"}"), "to");
        assertBadField(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"PJSIP/a\"}"), "application");
        assertBadField(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"PJSIP/a\\r\\n\",\"application\":\"Wait\"}"), "to");
        assertBadField(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"PJSIP/a\",\"application\":\"Wait\","
                + "\"variables\":{\"A\":1}}"), "variables.A");
        assertBadField(f.post(OPERATOR, "/api/v1/calls", "[1,2]"), "body");
        // Empty strings are bad input too, not an internal error.
        assertBadField(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"PJSIP/a\",\"application\":\"\"}"), "application");
        assertBadField(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"PJSIP/a\",\"context\":\"\",\"exten\":\"s\"}"),
                "context");
        assertBadField(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"PJSIP/a\",\"context\":\"test\",\"exten\":\"\"}"),
                "exten");
        assertError(f.post(OPERATOR, "/api/v1/calls", "{\"server\":\"nope\",\"to\":\"PJSIP/a\",\"application\":\"W\"}"),
                404, "not_found");
    }

    @Test
    void shellApplicationsNeedAnAdmin() {
        // Asterisk lets a manager account with the system class (as the gateway's usually is) run these.
        for (String body : List.of("{\"to\":\"Local/hold@test\",\"application\":\"System\",\"data\":\"id\"}",
                "{\"to\":\"Local/hold@test\",\"application\":\"trysystem\",\"data\":\"id\"}",
                "{\"to\":\"Local/hold@test\",\"application\":\"Exec\",\"data\":\"System(id)\"}",
                "{\"to\":\"Local/hold@test\",\"application\":\"ExecIf\",\"data\":\"1?System(id)\"}",
                "{\"to\":\"Local/hold@test\",\"application\":\"NoOp\",\"data\":\"${SHELL(id)}\"}",
                "{\"to\":\"Local/hold@test\",\"application\":\"NoOp\",\"data\":\"${eval(${X})}\"}")) {
            assertError(f.post(OPERATOR, "/api/v1/calls", body), 403, "forbidden");
        }
        assertError(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"Local/hold@test\",\"application\":\"Wait\","
                + "\"data\":\"600\",\"variables\":{\"DB(cidname/100)\":\"x\"}}"), 403, "forbidden");
        assertThat(f.post(OPERATOR, "/api/v1/calls", "{\"to\":\"Local/hold@test\",\"application\":\"Wait\","
                + "\"data\":\"600\",\"variables\":{\"__ACCOUNT\":\"x\"}}").status()).isEqualTo(201);
        assertThat(f.post(ADMIN, "/api/v1/calls", "{\"to\":\"Local/hold@test\",\"application\":\"Wait\","
                + "\"data\":\"600\",\"variables\":{\"CALLERID(name)\":\"x\"}}").status()).isNotEqualTo(403);
        GatewayFixture.Answer admin = f.post(ADMIN, "/api/v1/calls",
                "{\"to\":\"Local/hold@test\",\"application\":\"NoOp\",\"data\":\"${SHELL(id)}\"}");
        assertThat(admin.status()).as(String.valueOf(admin.body())).isNotEqualTo(403);
        assertThat(f.post(OPERATOR, "/api/v1/calls",
                "{\"to\":\"Local/hold@test\",\"application\":\"Wait\",\"data\":\"600\"}").status()).isEqualTo(201);
    }

    @Test
    void aFailedCallIsMapped() {
        GatewayFixture.Answer a = f.post(OPERATOR, "/api/v1/calls",
                "{\"to\":\"Local/busy@test\",\"application\":\"Wait\",\"data\":\"1\"}");
        assertThat(a.status()).isEqualTo(502);
        assertThat(a.body().get("code").asText()).isIn("originate_failed", "ami_error");
    }

    @Test
    void commandForAdminsOnly() {
        String body = "{\"server\":\"pbx1\",\"command\":\"core show version\"}";
        assertError(f.post(VIEWER, "/api/v1/command", body), 403, "forbidden");
        assertError(f.post(OPERATOR, "/api/v1/command", body), 403, "forbidden");
        GatewayFixture.Answer a = f.post(ADMIN, "/api/v1/command", body);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("output").get(0).asText()).contains("Asterisk");
        assertBadField(f.post(ADMIN, "/api/v1/command", "{\"command\":\"core show\\nversion\"}"), "command");
    }

    @Test
    void rawActionsForAdminsOnlyWithAmiErrorsMapped() {
        assertError(f.post(OPERATOR, "/api/v1/actions", "{\"action\":\"Ping\"}"), 403, "forbidden");
        GatewayFixture.Answer ping = f.post(ADMIN, "/api/v1/actions", "{\"server\":\"pbx1\",\"action\":\"Ping\"}");
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.body().get("response").toString()).contains("[\"Ping\",\"Pong\"]");
        GatewayFixture.Answer list = f.post(ADMIN, "/api/v1/actions",
                "{\"action\":\"CoreShowChannels\",\"list\":true}");
        assertThat(list.status()).isEqualTo(200);
        GatewayFixture.Answer unknown = f.post(ADMIN, "/api/v1/actions", "{\"action\":\"NoSuchAction\"}");
        assertError(unknown, 502, "ami_error");
        assertThat(unknown.body().get("response").get("Response").asText()).isEqualTo("Error");
        assertThat(unknown.body().get("response").get("Message").asText()).startsWith("Invalid/unknown command");
        assertBadField(f.post(ADMIN, "/api/v1/actions", "{\"action\":\"Ping\",\"headers\":[[\"A\"]]}"),
                "headers[0]");
        assertBadField(f.post(ADMIN, "/api/v1/actions", "{\"action\":\"Ping\",\"headers\":[[\"A\",\"b\\r\"]]}"),
                "headers[0]");
        assertBadField(f.post(ADMIN, "/api/v1/actions", "{\"action\":\"Ping\\r\\nAction: Logoff\"}"), "action");
    }

    @Test
    void actionsOnTheSharedAmiSessionAreRefused() {
        // Logoff would close the gateway's connection for good; Events/Filter would starve the live model.
        for (String body : List.of("{\"action\":\"Logoff\"}", "{\"action\":\"logoff\"}",
                "{\"action\":\"Login\",\"headers\":[[\"Username\",\"x\"],[\"Secret\",\"y\"]]}",
                "{\"action\":\"Challenge\",\"headers\":[[\"AuthType\",\"MD5\"]]}",
                "{\"action\":\"Events\",\"headers\":[[\"EventMask\",\"off\"]]}",
                "{\"action\":\"Filter\",\"headers\":[[\"Operation\",\"Add\"],[\"Filter\",\"!Event: Newchannel\"]]}")) {
            assertBadField(f.post(ADMIN, "/api/v1/actions", body), "action");
        }
        assertThat(f.get(VIEWER, "/api/v1/servers").body().get(0).get("state").asText()).isEqualTo("READY");
        assertThat(f.post(ADMIN, "/api/v1/actions", "{\"action\":\"Ping\"}").status()).isEqualTo(200);
        // Events still reach the live model: a new call shows up.
        f.holdCall();
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"value\":\"" + "x".repeat(GatewayConfig.DEFAULT_MAX_BODY_BYTES) + "\"}";
        GatewayFixture.Answer a = f.post(ADMIN, "/api/v1/actions", big);
        assertError(a, 413, "too_large");
        // Without a Content-Length (chunked), the limit holds while reading: no unbounded buffering.
        byte[] chunked = ("{\"command\":\"" + "x".repeat(16 * GatewayConfig.DEFAULT_MAX_BODY_BYTES) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(f.uri("/api/v1/command"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(chunked))).build();
        java.net.http.HttpResponse<String> r = send(request);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"too_large\"");
    }

    private static java.net.http.HttpResponse<String> send(java.net.http.HttpRequest request) {
        try {
            return f.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void assertError(GatewayFixture.Answer a, int status, String code) {
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(status);
        assertThat(a.body().get("code").asText()).isEqualTo(code);
        assertThat(a.body().get("message").asText()).isNotEmpty();
    }

    static void assertBadField(GatewayFixture.Answer a, String field) {
        assertError(a, 400, "bad_request");
        assertThat(a.body().get("message").asText()).startsWith(field + ":");
    }
}
