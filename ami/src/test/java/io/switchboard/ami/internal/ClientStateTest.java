package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.ConnectionState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state the client's parts share, on its own: actions wait only while no connection is ready and are handed
 * over when one becomes ready, a full queue or a client that will not reconnect refuses them, and a report from a
 * discarded connection or a close we asked for changes nothing.
 */
class ClientStateTest {
    private final List<String> refused = new ArrayList<>();
    private final ClientState state = new ClientState(2, "pbx:5038", (p, why) -> refused.add(p.id + " " + why));
    private int ids;

    private PendingAction action() {
        return new PendingAction(Action.named("Ping"), String.valueOf(++ids), null, false, Duration.ofSeconds(30));
    }

    @Test
    void actionsWaitWhileNotReadyAndAreHandedOverInOrderWithTheReadyConnection() {
        FakeTransport t = new FakeTransport();
        state.connecting(t);
        PendingAction first = action();
        PendingAction second = action();
        assertThat(state.readyOrHold(first)).isNull();
        state.authenticating();
        assertThat(state.readyOrHold(second)).isNull();

        ClientState.Drained drained = state.ready(t);

        assertThat(drained.transport()).isSameAs(t);
        assertThat(drained.actions()).containsExactly(first, second);
        assertThat(state.state()).isEqualTo(ConnectionState.READY);
        assertThat(state.readyOrHold(action())).isSameAs(t);
        assertThat(state.ready(t).actions()).isEmpty();
        assertThat(refused).isEmpty();
    }

    @Test
    void aConnectionThatIsNoLongerCurrentOrOpenDoesNotBecomeReady() {
        FakeTransport discarded = new FakeTransport();
        FakeTransport current = new FakeTransport();
        state.connecting(discarded);
        state.connecting(current);
        PendingAction waiting = action();
        state.hold(waiting);

        assertThat(state.ready(discarded)).isNull();
        current.open = false;
        assertThat(state.ready(current)).isNull();

        assertThat(state.state()).isEqualTo(ConnectionState.CONNECTING);
        current.open = true;
        assertThat(state.ready(current).actions()).containsExactly(waiting);
    }

    @Test
    void aFullQueueRefusesButSettledActionsDoNotCount() {
        state.hold(action());
        PendingAction settled = action();
        state.hold(settled);
        settled.fail(new IOException("expired"));
        state.hold(action()); // takes the settled one's place
        state.hold(action());

        assertThat(refused).containsExactly("4 was not sent: 2 actions already wait for the connection to pbx:5038");
    }

    @Test
    void afterGivingUpTheHeldActionsAreReturnedAndNewOnesRefused() {
        FakeTransport t = new FakeTransport();
        state.connecting(t);
        PendingAction waiting = action();
        state.hold(waiting);

        assertThat(state.giveUp()).containsExactly(waiting);

        assertThat(state.state()).isEqualTo(ConnectionState.LOST);
        assertThat(state.readyOrHold(action())).isNull();
        assertThat(refused).containsExactly("2 was not sent: not connected to pbx:5038");
    }

    @Test
    void onlyTheLossOfTheCurrentReadyConnectionCountsAsALossOfService() {
        FakeTransport old = new FakeTransport();
        FakeTransport t = new FakeTransport();
        state.connecting(old);
        state.connecting(t);
        IOException reset = new IOException("reset");

        assertThat(state.lost(old, reset)).isFalse(); // discarded: no change
        assertThat(state.state()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(state.lost(t, null)).isFalse(); // a close we asked for: no change
        assertThat(state.state()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(state.lost(t, reset)).isFalse(); // never ready: lost, but no gap began
        assertThat(state.state()).isEqualTo(ConnectionState.LOST);
        assertThat(state.lostAt()).isNull();

        state.connecting(t);
        state.ready(t);
        assertThat(state.lost(t, reset)).isTrue();
        assertThat(state.lostAt()).isNotNull();
        assertThat(state.reconnecting()).isTrue();
        assertThat(state.state()).isEqualTo(ConnectionState.RECONNECTING);
    }

    @Test
    void aStrandedActionGoesToAnotherReadyConnectionOrWaits() {
        FakeTransport dead = new FakeTransport();
        state.connecting(dead);
        state.ready(dead);
        PendingAction stranded = action();

        assertThat(state.otherReadyOrHold(stranded, dead)).isNull();

        FakeTransport next = new FakeTransport();
        state.connecting(next);
        assertThat(state.ready(next).actions()).containsExactly(stranded);
        assertThat(state.otherReadyOrHold(action(), dead)).isSameAs(next);
    }

    @Test
    void closingHappensOnceAndEndsEverything() {
        FakeTransport t = new FakeTransport();
        state.connecting(t);
        state.ready(t);
        PendingAction waiting = action();

        ClientState.Closing closing = state.startClosing();

        assertThat(closing.ready()).isSameAs(t);
        assertThat(state.startClosing()).isNull();
        assertThat(state.reconnecting()).isFalse();
        assertThatThrownBy(() -> state.connecting(new FakeTransport())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(state::checkOpen).isInstanceOf(IllegalStateException.class);
        state.hold(waiting);
        assertThat(refused).containsExactly("1 was not sent: not connected to pbx:5038");

        ClientState.Drained closed = state.shutdown();
        assertThat(closed.transport()).isSameAs(t);
        assertThat(closed.actions()).isEmpty();
        assertThat(state.state()).isEqualTo(ConnectionState.CLOSED);
        state.authenticating();
        assertThat(state.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void closingWithoutAReadyConnectionHasNothingToLogOffFrom() {
        FakeTransport t = new FakeTransport();
        state.connecting(t);

        assertThat(state.startClosing().ready()).isNull();
    }

    /** A transport that is only an identity and an open flag: ClientState never does I/O. */
    private static final class FakeTransport implements Transport {
        volatile boolean open = true;

        @Override
        public void open() {
        }

        @Override
        public CompletableFuture<String> banner() {
            return CompletableFuture.completedFuture("");
        }

        @Override
        public void write(PendingAction action) {
            throw new AssertionError("ClientState must not write");
        }

        @Override
        public List<PendingAction> drainUnwritten() {
            return List.of();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void expectClose() {
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public void abort(Throwable cause) {
            open = false;
        }

        @Override
        public long idleNanos() {
            return 0;
        }

        @Override
        public void awaitStopped(long millis) {
        }
    }
}
