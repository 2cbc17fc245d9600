package io.switchboard.gateway.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** The event streams' idle timeout: four heartbeat intervals, never below the floor. */
class EventStreamsTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService senders = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        senders.shutdownNow();
    }

    private Duration idleTimeout(Duration heartbeat) {
        return new EventStreams(Map.of(), senders, new Heartbeats(timer, heartbeat), 1, t -> { }).idleTimeout();
    }

    @Test
    void fourIntervalsWithAFloor() {
        assertThat(EventStreams.MIN_IDLE_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(idleTimeout(Duration.ofMillis(100))).isEqualTo(EventStreams.MIN_IDLE_TIMEOUT);
        assertThat(idleTimeout(Duration.ofMillis(250))).isEqualTo(EventStreams.MIN_IDLE_TIMEOUT);
        assertThat(idleTimeout(Duration.ofMillis(1250))).isEqualTo(Duration.ofSeconds(5));
        assertThat(idleTimeout(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(8));
        assertThat(idleTimeout(Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(60));
        assertThat(idleTimeout(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(20));
    }
}
