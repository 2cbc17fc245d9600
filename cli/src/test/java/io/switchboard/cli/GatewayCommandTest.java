package io.switchboard.cli;

import io.switchboard.gateway.ApiToken;
import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard gateway -c FILE}: runs against the configured servers; bad configurations exit 2. */
class GatewayCommandTest {
    private static final String TOKEN = "gateway-test-token-0123456789";

    @TempDir
    Path dir;

    private Path config(int amiPort, String extra) throws Exception {
        Path secret = Files.writeString(dir.resolve("ami.secret"), FakeAsterisk.DEFAULT_SECRET + "\n");
        return Files.writeString(dir.resolve("switchboard.yml"), """
                bind: 127.0.0.1
                port: 0
                servers:
                  - name: lab
                    host: 127.0.0.1
                    port: %d
                    username: admin
                    secretFile: %s
                tokens:
                  - name: test
                    sha256: %s
                    role: viewer
                %s""".formatted(amiPort, secret, ApiToken.sha256Hex(TOKEN), extra));
    }

    @Test
    void runsAgainstTheConfiguredServerUntilStopped() throws Exception {
        Set<Thread> before = BackgroundRun.threads();
        try (FakeAsterisk fake = FakeAsterisk.builder().port(0).loginDelay(Duration.ZERO).start()) {
            BackgroundRun run = new BackgroundRun("gateway", "-c", config(fake.port(), "").toString());
            String url = run.awaitGroup("Switchboard gateway: (http://127\\.0\\.0\\.1:\\d+/) for lab \\(127\\.0\\.0\\.1:"
                    + fake.port() + "\\); 1 API token\\(s\\)\\.");
            assertThat(run.out()).containsPattern("Ready in \\d+ ms\\. Ctrl-C to stop\\.");
            assertThat(BackgroundRun.get(url + "api/v1/channels", TOKEN).statusCode()).isEqualTo(200);
            assertThat(BackgroundRun.get(url + "api/v1/channels", null).statusCode()).isEqualTo(401);
            assertThat(run.stop("gateway")).isZero();
            assertThat(run.out()).endsWith("Stopping.\n");
            assertThat(run.err()).isEmpty();
        }
        BackgroundRun.awaitNoNewThreads(before);
    }

    @Test
    void secondsEndsTheGateway() throws Exception {
        try (FakeAsterisk fake = FakeAsterisk.builder().port(0).loginDelay(Duration.ZERO).start()) {
            BackgroundRun run = new BackgroundRun("gateway", "--config", config(fake.port(), "").toString(),
                    "--seconds", "0.5");
            assertThat(run.awaitExit()).isZero();
            assertThat(run.out()).contains("Stopping after 0.5 s.").endsWith("Stopping.\n");
        }
    }

    @Test
    void anInvalidConfigurationIsOneLineAndExitTwo() throws Exception {
        CliRun r = CliRun.run("gateway", "-c", config(5038, "colour: blue\n").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("switchboard gateway: invalid configuration ").contains("colour: unknown key")
                .doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void malformedYamlIsExitTwo() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yml"), "servers: [ {name: x\n  port: : :\n");
        CliRun r = CliRun.run("gateway", "-c", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("switchboard gateway: invalid configuration ").doesNotContain("\tat ")
                .contains("line 2");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aMissingSecretIsExitTwoAndNamesTheVariable() throws Exception {
        Path cfg = Files.writeString(dir.resolve("env.yml"), """
                servers:
                  - name: lab
                    host: 127.0.0.1
                    username: admin
                    secretEnv: SWITCHBOARD_TEST_SECRET_THAT_IS_NOT_SET
                """);
        CliRun r = CliRun.run("gateway", "-c", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("switchboard gateway: could not start: server 'lab': environment variable "
                + "SWITCHBOARD_TEST_SECRET_THAT_IS_NOT_SET is not set\n");
    }

    @Test
    void aMissingFileIsExitTwo() {
        CliRun r = CliRun.run("gateway", "-c", dir.resolve("nowhere.yml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("nowhere.yml: no such file");
    }

    @Test
    void anUnreachableServerDoesNotStopTheGateway() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Set<Thread> before = BackgroundRun.threads();
        // The gateway serves its API and keeps trying the server in the background (/health says degraded).
        CliRun r = CliRun.run("gateway", "-c", config(closedPort, "").toString(), "--seconds", "0.5");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Stopping after 0.5 s.");
        BackgroundRun.awaitNoNewThreads(before);
    }

    @Test
    void theConfigOptionIsRequired() {
        CliRun r = CliRun.run("gateway");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--config");
    }
}
