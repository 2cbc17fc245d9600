package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.gateway.Role;
import io.switchboard.gateway.ServerConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health} needs no token, so the Kafka publisher's last error (the text of a Kafka or database
 * exception: hosts, user names) is only in it for a caller with a valid token.
 */
class HealthErrorsTest {
    private static final String TOKEN = "viewer-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theLastKafkaErrorIsShownOnlyWithAValidToken() throws Exception {
        GatewayConfig config = GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", "127.0.0.1", 5038, "u", "UNUSED_SECRET_VARIABLE", (Path) null))
                .token(new ApiToken("v", ApiToken.sha256Hex(TOKEN), Role.VIEWER)).build();
        ServerHandle never = new ServerHandle("pbx1", () -> {
            throw new IllegalStateException("never connected in this test");
        }, m -> { }, () -> { });
        Servers servers = new Servers(List.of(never), () -> {
            ObjectNode kafka = Json.MAPPER.createObjectNode();
            kafka.put("leader", true);
            kafka.put("lastError", "PSQLException: password authentication failed for user \"billing\" at db.internal");
            kafka.put("lastErrorAt", "2026-01-01T00:00:00Z");
            return kafka;
        });
        ExecutorService senders = Executors.newCachedThreadPool();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Javalin app = GatewayApp.create(config, servers, new GatewayEvents(List.of("pbx1"), 10), senders, timer,
                new GatewayMetrics(), null);
        try {
            app.start("127.0.0.1", 0);
            for (String path : List.of("/health", "/api/v1/health")) {
                JsonNode open = health(app, path, null);
                assertThat(open.path("kafka").path("leader").asBoolean()).isTrue();
                assertThat(open.path("kafka").has("lastError")).isFalse();
                assertThat(open.path("kafka").has("lastErrorAt")).isFalse();
                assertThat(open.toString()).doesNotContain("billing", "db.internal");
                assertThat(health(app, path, "wrong").path("kafka").has("lastError")).isFalse();
                JsonNode detailed = health(app, path, TOKEN);
                assertThat(detailed.path("kafka").path("lastError").asText()).contains("password authentication");
                assertThat(detailed.path("kafka").path("lastErrorAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
            }
        } finally {
            app.stop();
            senders.shutdownNow();
            timer.shutdownNow();
        }
    }

    @Test
    void anAddressOverItsWrongTokenLimitIsNotShownTheDetailsEvenWithARightToken() throws Exception {
        GatewayConfig config = GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", "127.0.0.1", 5038, "u", "UNUSED_SECRET_VARIABLE", (Path) null))
                .token(new ApiToken("v", ApiToken.sha256Hex(TOKEN), Role.VIEWER))
                .authFailureRate(new io.switchboard.gateway.AuthFailureLimit(1, 2, 10)).build();
        ServerHandle never = new ServerHandle("pbx1", () -> {
            throw new IllegalStateException("never connected in this test");
        }, m -> { }, () -> { });
        Servers servers = new Servers(List.of(never), () -> {
            ObjectNode kafka = Json.MAPPER.createObjectNode();
            kafka.put("lastError", "PSQLException at db.internal");
            return kafka;
        });
        ExecutorService senders = Executors.newCachedThreadPool();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Javalin app = GatewayApp.create(config, servers, new GatewayEvents(List.of("pbx1"), 10), senders, timer,
                new GatewayMetrics(), null);
        try {
            app.start("127.0.0.1", 0);
            assertThat(health(app, "/health", TOKEN).path("kafka").has("lastError")).isTrue();
            // /health answers a wrong token too, so it would be a guessing oracle without the limit.
            health(app, "/health", "guess-1");
            health(app, "/health", "guess-2");
            assertThat(health(app, "/health", TOKEN).path("kafka").has("lastError")).isFalse();
        } finally {
            app.stop();
            senders.shutdownNow();
            timer.shutdownNow();
        }
    }

    private JsonNode health(Javalin app, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }
}
