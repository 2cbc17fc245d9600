package io.switchboard.cli;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link DemoEnvironment} in-process, as a browser test would use it. */
class DemoEnvironmentTest {
    @Test
    void startsServesTheApiAndClosesEverything() throws Exception {
        Set<Thread> before = BackgroundRun.threads();
        DemoEnvironment demo = DemoEnvironment.builder().port(0).speed(20).callsPerMinute(60).seed(3).build();
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
        }
        demo.close();
        assertThatThrownBy(demo::start).isInstanceOf(IllegalStateException.class).hasMessage("closed");
        BackgroundRun.awaitNoNewThreads(before);
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
