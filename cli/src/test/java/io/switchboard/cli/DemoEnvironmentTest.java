package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.recorder.CdrQuery;
import io.switchboard.recorder.CdrStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link DemoEnvironment} in-process, as a browser test would use it. */
class DemoEnvironmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void startsServesTheApiAndClosesEverything() throws Exception {
        Set<Thread> before = BackgroundRun.threads();
        DemoEnvironment demo = DemoEnvironment.builder().port(0).speed(20).callsPerMinute(60).seed(3).build();
        Path database;
        assertThatThrownBy(demo::token).isInstanceOf(IllegalStateException.class).hasMessage("not started");
        try (demo) {
            assertThat(demo.start()).isSameAs(demo);
            assertThatThrownBy(demo::start).isInstanceOf(IllegalStateException.class);
            assertThat(demo.url()).matches("http://127\\.0\\.0\\.1:\\d+/").endsWith(":" + demo.gateway().port() + "/");
            assertThat(demo.token()).matches("sbdemo_[A-Za-z0-9_-]{43}");
            assertThat(demo.toString()).doesNotContain(demo.token());
            assertThat(demo.portFellBack()).isFalse();
            assertThat(demo.seed()).isEqualTo(3);
            await().atMost(BackgroundRun.WAIT).until(() -> !demo.pbx().channels().isEmpty());
            HttpResponse<String> r = BackgroundRun.get(demo.url() + "api/v1/channels", demo.token());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(demo.traffic().started()).isPositive();
            assertThat(demo.pbx().failedTasks()).isZero();
            // A simulated call that ends becomes a call record, listed by the API and counted by the stats.
            await().atMost(BackgroundRun.WAIT).until(() -> cdrTotal(demo) > 0);
            // CDR times follow the simulated clock, which runs 20 times faster here: look ahead too.
            java.time.Instant now = java.time.Instant.now();
            HttpResponse<String> stats = BackgroundRun.get(demo.url() + "api/v1/cdr/stats?bucket=minute&from="
                    + now.minusSeconds(3600) + "&to=" + now.plusSeconds(3600), demo.token());
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(stats.body()).findValues("calls").stream().mapToLong(JsonNode::asLong).sum())
                    .isPositive();
            assertThat(demo.databaseIsTemporary()).isTrue();
            database = demo.database();
            assertThat(database).exists();
        }
        assertThat(database).doesNotExist();
        assertThat(database.getParent()).doesNotExist();
        demo.close();
        assertThatThrownBy(demo::start).isInstanceOf(IllegalStateException.class).hasMessage("closed");
        BackgroundRun.awaitNoNewThreads(before);
    }

    @Test
    void aGivenDatabaseIsKeptAndAddedToByTheNextRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.db");
        long first;
        try (DemoEnvironment demo = DemoEnvironment.builder().port(0).speed(20).callsPerMinute(120).seed(5)
                .database(file).build().start()) {
            assertThat(demo.database()).isEqualTo(file.toAbsolutePath());
            assertThat(demo.databaseIsTemporary()).isFalse();
            await().atMost(BackgroundRun.WAIT).until(() -> cdrTotal(demo) > 0);
        }
        assertThat(file).exists();
        first = CdrStore.open("jdbc:sqlite:" + file).count(CdrQuery.all());
        assertThat(first).isPositive();
        try (DemoEnvironment demo = DemoEnvironment.builder().port(0).speed(20).callsPerMinute(120).seed(6)
                .database(file).build().start()) {
            assertThat(cdrTotal(demo)).isGreaterThanOrEqualTo(first);
        }
        assertThatThrownBy(() -> DemoEnvironment.builder().port(0).database(dir.resolve("no/such/dir/x.db")).build()
                .start()).hasMessageContaining("recorder");
    }

    private static long cdrTotal(DemoEnvironment demo) throws Exception {
        HttpResponse<String> r = BackgroundRun.get(demo.url() + "api/v1/cdr?limit=1", demo.token());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).get("total").asLong();
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> DemoEnvironment.builder().port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoEnvironment.builder().speed(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoEnvironment.builder().speed(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoEnvironment.builder().callsPerMinute(-3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoEnvironment.builder().token("has a space in it, 1234"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
