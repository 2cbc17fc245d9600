package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.recorder.CdrRecorder;
import io.switchboard.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.switchboard.gateway.GatewayFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's recorder on a real PostgreSQL server (a throw-away cluster from ami-testkit): user and password
 * file from the configuration, calls recorded and listed, an outage spooled and reported, and a database that is
 * down at start failing the start.
 */
class PostgresGatewayTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    private RecorderConfig recorderConfig() throws IOException {
        // The test cluster trusts loopback connections, so the password is not checked, only passed along.
        Path password = Files.writeString(dir.resolve("db-password"), "not-checked\n");
        return new RecorderConfig("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", dir.resolve("spool"),
                "postgres", null, password);
    }

    @Test
    void recordsOnPostgresAndSpoolsThroughAnOutage() throws IOException {
        RecorderConfig rc = recorderConfig();
        try (GatewayFixture f = new GatewayFixture(0.02, b -> b.recorder(rc))) {
            CdrRecorder recorder = f.gateway.recorder().orElseThrow();
            String id = f.holdCall();
            assertThat(f.post(OPERATOR, "/api/v1/channels/pbx1/" + id + "/hangup", "{}").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(15)).until(() -> f.get(OPERATOR, "/api/v1/cdr").body().get("items")
                    .findValuesAsText("uniqueid").contains(id));
            long before = recorder.stats().committed();

            pg.stop();
            try {
                String second = f.holdCall();
                f.post(OPERATOR, "/api/v1/channels/pbx1/" + second + "/hangup", "{}");
                await().atMost(Duration.ofSeconds(30)).until(() -> "degraded".equals(status(f)));
                assertThat(f.get(null, "/health").body().get("recorder").asText()).isEqualTo("spooling");
                JsonNode refused = f.get(OPERATOR, "/api/v1/cdr").body();
                assertThat(refused.get("code").asText()).isEqualTo("recorder_unavailable");
                assertThat(refused.get("message").asText()).doesNotContain("postgres");
                java.net.http.HttpResponse<String> csv = f.raw(OPERATOR, "GET", "/api/v1/cdr/export.csv", null);
                assertThat(csv.statusCode()).isEqualTo(503);
                assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
                assertThat(csv.headers().firstValue("Content-Disposition")).isEmpty();
            } finally {
                pg.restart();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(status(f)));
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.stats().committed() > before);
            assertThat(recorder.stats().duplicates()).isZero();
        }
    }

    @Test
    void aDatabaseDownAtStartFailsTheStart() throws IOException {
        RecorderConfig rc = recorderConfig();
        GatewayConfig config = GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", "127.0.0.1", 1, "u", "NO_SUCH_ENV_FOR_TEST", null))
                .recorder(rc).build();
        pg.stop();
        try (Gateway gw = new Gateway(config)) {
            assertThatThrownBy(gw::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("recorder: cannot start on " + rc.url())
                    .hasMessageNotContaining("not-checked");
        } finally {
            pg.restart();
        }
    }

    private static String status(GatewayFixture f) {
        return f.get(null, "/health").body().get("status").asText();
    }
}
