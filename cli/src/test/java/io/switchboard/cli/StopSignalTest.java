package io.switchboard.cli;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Ctrl-C path of the long-running commands, without a signal: stop once, then release the hook. */
class StopSignalTest {

    @Test
    void stopRunsTheCallbackOnceAndReleasesWaiters() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (StopSignal signal = StopSignal.install("test", calls::incrementAndGet)) {
            assertThat(signal.isStopRequested()).isFalse();
            assertThat(signal.await(1, TimeUnit.MILLISECONDS)).isFalse();
            signal.stop();
            signal.stop();
            assertThat(calls).hasValue(1);
            assertThat(signal.isStopRequested()).isTrue();
            assertThat(signal.await(0, TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    void closeUnregistersTheHookAndIsIdempotent() {
        StopSignal signal = StopSignal.install("test", () -> { });
        signal.close();
        signal.close();
        assertThat(signal.isStopRequested()).isFalse();
    }
}
