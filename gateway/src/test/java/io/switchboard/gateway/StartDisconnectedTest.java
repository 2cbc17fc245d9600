package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway starts while its AMI server is down, reports it, and connects when the server comes up. */
class StartDisconnectedTest {
    private static final String VIEWER = "v-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void startsDegradedAndConnectsWhenTheServerComesUp() throws Exception {
        int amiPort = freePort();
        try (Gateway gw = new Gateway(config(amiPort)).start()) {
            JsonNode servers = get(gw, "/api/v1/servers", VIEWER).body;
            assertThat(servers.get(0).get("state").asText()).isIn("CONNECTING", "RECONNECTING");
            assertThat(servers.get(0).get("synced").asBoolean()).isFalse();
            assertThat(get(gw, "/health", null).body.get("status").asText()).isEqualTo("degraded");
            // Lists over every server leave out what is not connected; asking for it by name is 503.
            Reply all = get(gw, "/api/v1/channels", VIEWER);
            assertThat(all.status).isEqualTo(200);
            assertThat(all.body).isEmpty();
            Reply one = get(gw, "/api/v1/bridges?server=pbx1", VIEWER);
            assertThat(one.status).isEqualTo(503);
            assertThat(one.body.get("code").asText()).isEqualTo("ami_unavailable");
            assertThat(get(gw, "/api/v1/channels/pbx1/1.1", VIEWER).status).isEqualTo(503);

            try (FakeAsterisk fake = FakeAsterisk.builder().port(amiPort).loginDelay(Duration.ZERO).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        get(gw, "/api/v1/servers", VIEWER).body.get(0).get("state").asText().equals("READY"));
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        get(gw, "/health", null).body.get("status").asText().equals("ok"));
                assertThat(get(gw, "/api/v1/bridges?server=pbx1", VIEWER).status).isEqualTo(200);
                String metrics = http.send(HttpRequest.newBuilder(uri(gw, "/metrics"))
                        .header("Authorization", "Bearer " + VIEWER).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(ServiceEndpointsTest.value(metrics, "switchboard_ami_connection_events_total",
                        "type=\"CONNECT_FAILED\"")).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void closingWhileStillConnectingStopsTheAttempts() throws Exception {
        Gateway gw = new Gateway(config(freePort())).start();
        assertThat(get(gw, "/api/v1/servers", VIEWER).status).isEqualTo(200);
        gw.close();
        gw.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("gateway-connect") && t.isAlive()));
    }

    private GatewayConfig config(int amiPort) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), FakeAsterisk.DEFAULT_SECRET);
        return GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", "127.0.0.1", amiPort, FakeAsterisk.DEFAULT_USERNAME, null, secret))
                .token(new ApiToken("v", ApiToken.sha256Hex(VIEWER), Role.VIEWER)).build();
    }

    /** A port nothing listens on now (the fake server takes it later). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private record Reply(int status, JsonNode body) {
    }

    private URI uri(Gateway gw, String path) {
        return URI.create("http://127.0.0.1:" + gw.port() + path);
    }

    private Reply get(Gateway gw, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(gw, path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), GatewayFixture.JSON.readTree(r.body()));
    }
}
