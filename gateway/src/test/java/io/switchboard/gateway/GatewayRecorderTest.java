package io.switchboard.gateway;

import io.switchboard.recorder.CdrQuery;
import io.switchboard.recorder.CdrRecord;
import io.switchboard.recorder.CdrRecorder;
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
