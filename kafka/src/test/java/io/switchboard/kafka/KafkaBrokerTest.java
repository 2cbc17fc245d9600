package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {
    @Test
    void startsRestartsAndStops() {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopics(Map.of("t", 1));
            broker.restart();
            assertThat(broker.isRunning()).isTrue();
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
        }
    }
}
