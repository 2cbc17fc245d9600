package io.switchboard.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two durations of switchboard.yml: the event stream heartbeat and a server's connect timeout. */
class DurationConfigTest {
    private static final String SERVER = "servers:\n  - {name: a, host: h, username: u, secretEnv: E}\n";

    @TempDir
    Path dir;

    @Test
    void defaultsAndSecondsWithFractions() throws IOException {
        GatewayConfig d = load(SERVER);
        assertThat(d.eventHeartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.servers().get(0).connectTimeout()).isNull();

        GatewayConfig c = load("eventHeartbeatSeconds: 0.5\nservers:\n"
                + "  - {name: a, host: h, username: u, secretEnv: E, connectTimeoutSeconds: 300}\n");
        assertThat(c.eventHeartbeat()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.servers().get(0).connectTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.toBuilder().build().eventHeartbeat()).isEqualTo(Duration.ofMillis(500));
        assertThat(load("eventHeartbeatSeconds: 300\n" + SERVER).eventHeartbeat()).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "0.05", "300.5", "86400", "'15'", "fast", "[15]", "~"})
    void aBadHeartbeatIsOneLineNamingTheKey(String value) {
        assertThatThrownBy(() -> load("eventHeartbeatSeconds: " + value + "\n" + SERVER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("eventHeartbeatSeconds: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theHeartbeatRangeIsInTheMessage() {
        assertThatThrownBy(() -> load("eventHeartbeatSeconds: 0\n" + SERVER))
                .hasMessage("eventHeartbeatSeconds: must be between 0.1 and 300 seconds, not 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "601", "soon"})
    void aBadConnectTimeoutNamesTheServerEntry(String value) {
        assertThatThrownBy(() -> load("servers:\n  - {name: a, host: h, username: u, secretEnv: E,"
                + " connectTimeoutSeconds: " + value + "}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("servers[0].connectTimeoutSeconds: ");
    }

    @Test
    void theBuildersCheckTheSameBounds() {
        ServerConfig s = new ServerConfig("a", "h", 5038, "u", "E", null);
        GatewayConfig.Builder b = GatewayConfig.builder().server(s);
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofMillis(99),
                Duration.ofSeconds(301)}) {
            assertThatThrownBy(() -> b.eventHeartbeat(bad).build()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("eventHeartbeat");
        }
        assertThatThrownBy(() -> b.eventHeartbeat(null)).isInstanceOf(NullPointerException.class);
        assertThat(b.eventHeartbeat(Duration.ofMillis(100)).build().eventHeartbeat()).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> s.withConnectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> s.withConnectTimeout(Duration.ofMinutes(11))).hasMessageContaining("connectTimeout");
        assertThat(s.withConnectTimeout(Duration.ofSeconds(3)).connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.withConnectTimeout(Duration.ofSeconds(3)).withConnectTimeout(null)).isEqualTo(s);
    }

    private GatewayConfig load(String yaml) throws IOException {
        return GatewayConfig.load(Files.writeString(dir.resolve("switchboard.yml"), yaml));
    }
}
