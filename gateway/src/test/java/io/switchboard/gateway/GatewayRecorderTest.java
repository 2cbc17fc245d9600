package io.switchboard.gateway;

import io.switchboard.recorder.CdrQuery;
import io.switchboard.recorder.CdrRecord;
import io.switchboard.recorder.CdrRecorder;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.SimulatedPbx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The recorder embedded in the gateway: started with it, attached to each server once, closed after them. */
class GatewayRecorderTest {
    @TempDir
    Path dir;

    @Test
    void recordsTheCallsOfTheServerAndClosesWithTheGateway() throws IOException {
        CdrRecorder recorder;
        try (GatewayFixture f = new GatewayFixture(0.02,
                b -> b.recorder("jdbc:sqlite:" + dir.resolve("cdr.db"), null))) {
            recorder = f.gateway.recorder().orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> f.gateway.recorderAttachments() == 1);
            String id = f.holdCall();
            f.pbx.hangupAll();
            await().atMost(Duration.ofSeconds(15)).until(() -> !recorder.store().find(CdrQuery.all()).isEmpty());
            List<CdrRecord> rows = recorder.store().find(CdrQuery.all());
            assertThat(rows).extracting(CdrRecord::server).containsOnly("pbx1");
            assertThat(rows).extracting(CdrRecord::uniqueid).contains(id);
            assertThat(f.gateway.recorderAttachments()).isEqualTo(1);
            // The default spool sits beside the SQLite file.
            assertThat(dir.resolve("cdr.db.spool")).isDirectory();
        }
        assertThatThrownBy(() -> recorder.submit(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServerConnectingLateIsAttachedOnceAndAReconnectDoesNotAttachAgain() throws Exception {
        int amiPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            amiPort = s.getLocalPort();
        }
        Path secret = Files.writeString(dir.resolve("secret"), FakeAsterisk.DEFAULT_SECRET);
        GatewayConfig config = GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", "127.0.0.1", amiPort, FakeAsterisk.DEFAULT_USERNAME, null, secret))
                .recorder("jdbc:sqlite:" + dir.resolve("cdr.db"), dir.resolve("spool")).build();
        try (Gateway gw = new Gateway(config).start()) {
            CdrRecorder recorder = gw.recorder().orElseThrow();
            assertThat(gw.recorderAttachments()).isZero();
            try (FakeAsterisk fake = FakeAsterisk.builder().port(amiPort).loginDelay(Duration.ZERO)
                    .callEngine(sink -> SimulatedPbx.builder().timeScale(0.02).build(sink)).start()) {
                SimulatedPbx pbx = (SimulatedPbx) fake.callEngine().orElseThrow();
                await().atMost(Duration.ofSeconds(30)).until(() -> gw.recorderAttachments() == 1);
                oneCall(pbx);
                await().atMost(Duration.ofSeconds(30)).until(() -> recorder.stats().committed() > 0);

                fake.dropAllSessions();
                await().atMost(Duration.ofSeconds(30)).until(() -> fake.loggedInCount() == 1);
                long before = recorder.stats().committed();
                oneCall(pbx);
                await().atMost(Duration.ofSeconds(30)).until(() -> recorder.stats().committed() > before);
                assertThat(gw.recorderAttachments()).isEqualTo(1);
                // Attached twice, every Cdr would arrive twice and the second copy count as a duplicate.
                assertThat(recorder.stats().duplicates()).isZero();
                List<CdrRecord> rows = recorder.store().find(CdrQuery.all());
                assertThat(rows).extracting(CdrRecord::uniqueid).doesNotHaveDuplicates();
            }
        }
    }

    /** A call that is answered (Local/hold runs Wait) and then hung up. */
    private static void oneCall(SimulatedPbx pbx) {
        pbx.cliOriginate("Local/hold@test", "Wait", "600");
        await().atMost(Duration.ofSeconds(10)).until(() -> !pbx.channels().isEmpty());
        pbx.hangupAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> pbx.channels().isEmpty());
    }

    @Test
    void withoutARecorderConfiguredThereIsNone() throws IOException {
        try (GatewayFixture f = new GatewayFixture()) {
            assertThat(f.gateway.recorder()).isEmpty();
            assertThat(f.gateway.recorderAttachments()).isZero();
        }
    }

    @Test
    void anUnusableDatabaseFailsStartNamingTheUrlWithoutItsQuery() throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        GatewayConfig config = GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", "127.0.0.1", 1, "u", "NO_SUCH_ENV_FOR_TEST", null))
                .recorder(new RecorderConfig("jdbc:sqlite:" + notADir.resolve("cdr.db") + "?journal_mode=WAL",
                        dir.resolve("spool"), null, null, null))
                .build();
        Gateway gw = new Gateway(config);
        assertThatThrownBy(gw::start).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("recorder: cannot start on jdbc:sqlite:" + notADir.resolve("cdr.db") + "?...")
                .hasMessageNotContaining("journal_mode");
        assertThatThrownBy(gw::port).isInstanceOf(IllegalStateException.class);
        gw.close();
    }

    @Test
    void aMissingPasswordVariableFailsStart() {
        GatewayConfig config = GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", "127.0.0.1", 1, "u", "NO_SUCH_ENV_FOR_TEST", null))
                .recorder(new RecorderConfig("jdbc:postgresql://127.0.0.1:1/billing", dir.resolve("spool"), "bill",
                        "NO_SUCH_PASSWORD_ENV_FOR_TEST", null))
                .build();
        try (Gateway gw = new Gateway(config)) {
            assertThatThrownBy(gw::start).hasMessageContaining("recorder")
                    .hasMessageContaining("NO_SUCH_PASSWORD_ENV_FOR_TEST");
        }
    }
}
