package io.switchboard.gateway.internal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.ami.ConnectionLostException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Action names become tags; made-up ones (POST /actions takes any) must not add series without bound. */
class MicrometerAmiMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerAmiMetrics metrics = new MicrometerAmiMetrics(registry, "pbx1");

    @Test
    void distinctActionTagsAreCappedAndTheRestCountAsOther() {
        metrics.actionCompleted("Ping", Duration.ofMillis(1), true);
        for (int i = 0; i < 1000; i++) {
            metrics.actionCompleted("MadeUp" + i, Duration.ofMillis(1), false);
            metrics.actionTimedOut("MadeUp" + i);
            metrics.actionLost("MadeUp" + i, ConnectionLostException.Outcome.UNKNOWN);
            metrics.actionResent("MadeUp" + i);
        }
        metrics.actionCompleted("Ping", Duration.ofMillis(1), true);

        for (String name : new String[]{"switchboard.ami.action.latency", "switchboard.ami.action.timeouts",
                "switchboard.ami.action.lost", "switchboard.ami.action.resent"}) {
            Set<String> tags = registry.find(name).meters().stream().map(m -> m.getId().getTag("action"))
                    .collect(Collectors.toSet());
            assertThat(tags).as(name).hasSizeLessThanOrEqualTo(MicrometerAmiMetrics.MAX_ACTION_TAGS + 1)
                    .contains(MicrometerAmiMetrics.OTHER_ACTION, "MadeUp0");
        }
        // A name seen before the cap keeps its own series; everything past the cap is in "other".
        assertThat(registry.get("switchboard.ami.action.latency").tag("action", "Ping").timer().count()).isEqualTo(2);
        double total = registry.find("switchboard.ami.action.timeouts").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(total).isEqualTo(1000);
        assertThat(registry.get("switchboard.ami.action.timeouts").tag("action", "other").counter().count())
                .isEqualTo(1000 - (MicrometerAmiMetrics.MAX_ACTION_TAGS - 1));
    }
}
