package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Servers connect in parallel: one that never answers holds up no other, and closing stops its attempt. */
class ParallelConnectTest {
    private static final String VIEWER = "v-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aServerThatNeverSendsItsBannerDelaysNoOther() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), FakeAsterisk.DEFAULT_SECRET);
        // A black hole: connections complete and are accepted, but no banner ever comes, so an attempt on it
        // lasts its whole connect timeout (5 minutes here, far beyond any wait below).
        try (ServerSocket blackHole = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).start()) {
            GatewayConfig config = GatewayConfig.builder().port(0)
                    .server(new ServerConfig("silent", "127.0.0.1", blackHole.getLocalPort(),
                            FakeAsterisk.DEFAULT_USERNAME, null, secret).withConnectTimeout(Duration.ofMinutes(5)))
                    .server(new ServerConfig("pbx", fake.host(), fake.port(), FakeAsterisk.DEFAULT_USERNAME, null,
                            secret))
                    .token(new ApiToken("v", ApiToken.sha256Hex(VIEWER), Role.VIEWER)).build();
            Gateway gw = new Gateway(config).start();
            blackHole.setSoTimeout(30_000);
            try (Socket held = blackHole.accept()) {
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> state(gw, "pbx").equals("READY"));
                    // The first server is still in its first attempt (no failure yet), and says so.
                    assertThat(state(gw, "silent")).isEqualTo("CONNECTING");
                    assertThat(get(gw, "/health").get("status").asText()).isEqualTo("degraded");
                    assertThat(status(gw, "/api/v1/channels?server=pbx")).isEqualTo(200);
                    assertThat(status(gw, "/api/v1/channels?server=silent")).isEqualTo(503);
                } finally {
                    gw.close();
                }
                // Closing interrupted the hanging attempt, which closed its connection.
                held.setSoTimeout(10_000);
                assertThat(held.getInputStream().read()).isEqualTo(-1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("gateway-connect") && t.isAlive()));
        }
    }

    private String state(Gateway gw, String server) throws Exception {
        for (JsonNode s : get(gw, "/api/v1/servers")) {
            if (s.get("name").asText().equals(server)) {
                return s.get("state").asText();
            }
        }
        throw new AssertionError("no server " + server);
    }

    private JsonNode get(Gateway gw, String path) throws Exception {
        return GatewayFixture.JSON.readTree(send(gw, path).body());
    }

    private int status(Gateway gw, String path) throws Exception {
        return send(gw, path).statusCode();
    }

    private HttpResponse<String> send(Gateway gw, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
                .header("Authorization", "Bearer " + VIEWER).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
