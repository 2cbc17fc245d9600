package io.switchboard.gateway.internal;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The keepalive rules of one event stream client, on a same-thread executor. */
class EventClientTest {
    private static final long SECOND = 1_000_000_000L;

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();
    private final List<EventClient.CloseReason> reasons = new CopyOnWriteArrayList<>();

    private EventClient client(Runnable heartbeat) {
        return new EventClient(new EventClient.Filter(Set.of(), null, null), out -> sent.add(out.json()),
                heartbeat, reason -> {
                    closes.incrementAndGet();
                    reasons.add(reason);
                }, Runnable::run, 10);
    }

    @Test
    void aKeepaliveGoesOutOnlyAfterTheIntervalOfSilence() {
        AtomicInteger beats = new AtomicInteger();
        EventClient c = client(beats::incrementAndGet);
        long now = System.nanoTime();
        c.heartbeatIfIdle(now, 60 * SECOND);
        assertThat(beats).hasValue(0);
        c.heartbeatIfIdle(now + 61 * SECOND, 60 * SECOND);
        assertThat(beats).hasValue(1);
        // That keepalive was traffic too: the next is due a full interval later.
        c.heartbeatIfIdle(System.nanoTime() + 30 * SECOND, 60 * SECOND);
        assertThat(beats).hasValue(1);
        assertThat(sent).isEmpty();
        assertThat(closes).hasValue(0);
    }

    @Test
    void aKeepaliveThatCannotBeWrittenClosesTheClientOnce() {
        EventClient c = client(() -> {
            throw new UncheckedIOException(new java.io.IOException("Broken pipe"));
        });
        c.heartbeatIfIdle(System.nanoTime() + 61 * SECOND, 60 * SECOND);
        assertThat(closes).hasValue(1);
        assertThat(reasons).containsExactly(EventClient.CloseReason.SEND_FAILED);
        // Closed: nothing more is queued or written, and no second close.
        c.gap("pbx1", 1, 5);
        c.heartbeatIfIdle(System.nanoTime() + 200 * SECOND, 60 * SECOND);
        assertThat(sent).isEmpty();
        assertThat(closes).hasValue(1);
    }

    @Test
    void aClientTooFarBehindIsClosedForThatReasonOnce() {
        List<Runnable> parked = new CopyOnWriteArrayList<>();
        // An executor that never runs the drain: everything stays queued, as for a client that stopped reading.
        EventClient c = new EventClient(new EventClient.Filter(Set.of(), null, null), out -> sent.add(out.json()),
                () -> { }, reason -> {
                    closes.incrementAndGet();
                    reasons.add(reason);
                }, parked::add, 10);
        for (int i = 0; i < 20; i++) {
            c.gap("pbx1", i, i + 1);
        }
        assertThat(reasons).containsExactly(EventClient.CloseReason.TOO_FAR_BEHIND);
        assertThat(closes).hasValue(1);
        assertThat(sent).isEmpty();
    }
}
