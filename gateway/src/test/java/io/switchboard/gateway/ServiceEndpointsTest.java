package io.switchboard.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.switchboard.gateway.GatewayFixture.ADMIN;
import static io.switchboard.gateway.GatewayFixture.OPERATOR;
import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static io.switchboard.gateway.RestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** /metrics (token needed by default), unknown routes and methods as JSON errors. */
class ServiceEndpointsTest {
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
    void unknownRoutesAndMethodsAreJsonErrors() {
        assertError(f.get(VIEWER, "/api/v1/nothing-here"), 404, "not_found");
        assertError(f.get(null, "/api/v2/servers"), 404, "not_found");
        assertError(f.send(ADMIN, "DELETE", "/api/v1/servers", null), 405, "method_not_allowed");
        assertError(f.post(ADMIN, "/api/v1/bridges", "{}"), 405, "method_not_allowed");
        // Timed under one label, not one per made-up path.
        assertThat(value(f.raw(VIEWER, "GET", "/metrics", null).body(), "switchboard_http_requests_seconds_count",
                "route=\"unmatched\"", "status=\"404\"")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void requestsRefusedByTheHttpServerItselfAreJsonErrorsToo() throws Exception {
        String auth = "Authorization: Bearer " + VIEWER + "\r\n";
        assertRawJsonError(rawExchange("GET /api/v1/channels/pbx1/%ZZ HTTP/1.1\r\n" + auth), 400, "bad_request");
        assertRawJsonError(rawExchange("GET /api/v1/channels/pbx1/a%00b HTTP/1.1\r\n" + auth), 400, "bad_request");
        assertRawJsonError(rawExchange("POST /api/v1/command HTTP/1.1\r\n" + auth + "Content-Length: abc\r\n"), 400,
                "bad_request");
        assertRawJsonError(rawExchange("GET /api/v1/servers HTTP/1.1\r\n" + auth + "X-Big: " + "a".repeat(20_000)
                + "\r\n"), 431, "too_large");
    }

    /** Sends a request head (Host and Connection: close added) over a raw socket: the client can't send these. */
    private static String rawExchange(String head) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), f.gateway.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((head + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static void assertRawJsonError(String response, int status, String code) throws Exception {
        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        String headers = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(headers).contains("content-type: application/json");
        com.fasterxml.jackson.databind.JsonNode body = GatewayFixture.JSON.readTree(
                response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).startsWith("request: ");
    }

    @Test
    void apiAnswersAreNeitherSniffedNorCached() {
        for (HttpResponse<String> r : java.util.List.of(f.raw(VIEWER, "GET", "/api/v1/servers", null),
                f.raw(null, "GET", "/api/v1/servers", null), f.raw(VIEWER, "GET", "/api/v1/nope", null),
                f.raw(VIEWER, "GET", "/metrics", null))) {
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(r.uri().toString()).hasValue("nosniff");
            assertThat(r.headers().firstValue("Cache-Control")).as(r.uri().toString()).hasValue("no-store");
        }
        // No CORS: a page from another origin cannot read the API (and the token is a header, not a cookie).
        assertThat(f.raw(VIEWER, "GET", "/api/v1/servers", null).headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
    }

    @Test
    void theOpenApiDocumentNeedsNoToken() {
        GatewayFixture.Answer a = f.get(null, "/api/v1/openapi.json");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("openapi").asText()).startsWith("3.0");
        assertThat(a.body().get("paths").has("/api/v1/queues")).isTrue();
    }

    @Test
    void metricsNeedAViewerTokenUnlessPublic() {
        assertThat(f.raw(null, "GET", "/metrics", null).statusCode()).isEqualTo(401);
        assertThat(f.raw("wrong", "GET", "/metrics", null).statusCode()).isEqualTo(401);
        HttpResponse<String> r = f.raw(VIEWER, "GET", "/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    @Test
    void metricsChangeWithTraffic() {
        String before = metrics();
        double pings = value(before, "switchboard_ami_action_latency_seconds_count", "action=\"Ping\"");
        double events = value(before, "switchboard_ami_events_total", "server=\"pbx1\"");
        assertThat(f.post(ADMIN, "/api/v1/actions", "{\"action\":\"Ping\"}").status()).isEqualTo(200);
        f.holdCall();
        String after = metrics();
        assertThat(value(after, "switchboard_ami_action_latency_seconds_count", "action=\"Ping\""))
                .isEqualTo(pings + 1);
        assertThat(value(after, "switchboard_ami_events_total", "server=\"pbx1\"")).isGreaterThan(events);
        assertThat(value(after, "switchboard_ami_connection_ready", "server=\"pbx1\"")).isEqualTo(1.0);
        assertThat(value(after, "switchboard_ami_connection_state", "server=\"pbx1\"")).isEqualTo(2.0);
        assertThat(value(after, "switchboard_ami_subscription_queued", "subscriber=\"gateway-events\""))
                .isGreaterThanOrEqualTo(0);
        assertThat(value(after, "switchboard_gateway_event_clients", "transport=\"websocket\"")).isEqualTo(0);
        assertThat(value(after, "switchboard_http_requests_seconds_count", "route=\"/api/v1/actions\""))
                .isGreaterThanOrEqualTo(1);
        // An AMI error is counted as such.
        f.post(ADMIN, "/api/v1/actions", "{\"action\":\"NoSuchAction\"}");
        assertThat(value(metrics(), "switchboard_ami_action_latency_seconds_count",
                "action=\"NoSuchAction\"", "outcome=\"error\"")).isEqualTo(1);
    }

    @Test
    void callsAreRateLimitedPerToken() throws Exception {
        String crm = "crm-token";
        try (GatewayFixture g = new GatewayFixture(0.02, b -> b.originateRate(new RateLimit(1, 2))
                .token(new ApiToken("crm", ApiToken.sha256Hex(crm), Role.OPERATOR, new RateLimit(1, 1))))) {
            String bad = "{\"to\":\"nodial\",\"application\":\"Wait\"}";
            // Every attempt counts, valid or not.
            assertThat(g.post(OPERATOR, "/api/v1/calls", bad).status()).isEqualTo(400);
            assertThat(g.post(OPERATOR, "/api/v1/calls", bad).status()).isEqualTo(400);
            HttpResponse<String> limited = g.raw(OPERATOR, "POST", "/api/v1/calls", bad);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(GatewayFixture.JSON.readTree(limited.body()).get("code").asText()).isEqualTo("rate_limited");
            long retry = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retry).isBetween(1L, 60L);
            // Another token has its own bucket, here with its own smaller limit.
            assertThat(g.post(crm, "/api/v1/calls", bad).status()).isEqualTo(400);
            assertError(g.post(crm, "/api/v1/calls", bad), 429, "rate_limited");
            assertThat(g.post(ADMIN, "/api/v1/calls", bad).status()).isEqualTo(400);
            // The limit is checked after the role: a viewer is still refused as such.
            assertError(g.post(VIEWER, "/api/v1/calls", bad), 403, "forbidden");
        }
    }

    @Test
    void publicMetricsNeedNoToken() throws Exception {
        try (GatewayFixture g = new GatewayFixture(0.02, b -> b.metricsPublic(true))) {
            HttpResponse<String> r = g.raw(null, "GET", "/metrics", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("switchboard_ami_connection_ready");
        }
    }

    private static String metrics() {
        HttpResponse<String> r = f.raw(VIEWER, "GET", "/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The sum of a metric's samples whose labels contain every one of {@code labels} (0 when none). */
    static double value(String exposition, String metric, String... labels) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} (\\S+)$").matcher(exposition);
        while (m.find()) {
            boolean all = true;
            for (String l : labels) {
                all &= m.group(1).contains(l);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
