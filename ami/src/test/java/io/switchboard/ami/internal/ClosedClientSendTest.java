package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.ConnectionLostException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send that loses the race with {@code close()}: it passed the "is the client open?" check, then the close
 * ran to the end and shut the client's pools down. Replayed here step by step (the real race is exercised by
 * {@code CloseRaceTest}): the action must still fail as not sent, and a future depending on it through the shut
 * completion pool must still complete, instead of a {@code RejectedExecutionException} or a future that never
 * completes.
 */
class ClosedClientSendTest {
    private final ClientExecutors executors = new ClientExecutors("pbx:5038");
    private final ActionDispatcher dispatcher = new ActionDispatcher(
            AmiConfig.builder().username("admin").secret("s").build(), "pbx:5038", executors);

    @AfterEach
    void shutdown() {
        executors.shutdown();
    }

    @Test
    void anActionHeldAfterTheCloseFinishedFailsAsNotSent() {
        PendingAction p = dispatcher.register(Action.named("Ping"), null, false); // passed checkOpen before
        dispatcher.state().shutdown(); // ...then close() ran to its end
        executors.shutdown();

        dispatcher.state().hold(p);

        assertThat(p.result).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(ConnectionLostException.class, e -> assertThat(e.outcome())
                        .isEqualTo(ConnectionLostException.Outcome.NOT_SENT));
    }

    @Test
    void aCompletionArrivingAfterTheCloseStillReachesTheCallersFuture() {
        CompletableFuture<String> internal = new CompletableFuture<>();
        CompletableFuture<String> callers = internal.thenApplyAsync(s -> s, executors.completions());
        executors.shutdown(); // e.g. an answer read just before the socket closed, completed after the close

        internal.complete("Pong");

        assertThat(callers).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("Pong");
        assertThat(internal.thenApplyAsync(s -> s, executors.completions())).as("attached after the close")
                .succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void housekeepingOnAConnectionThatClosedMeanwhileFailsInsteadOfWaitingForever() {
        // A reconnect about to log in while close() closes its connection and fails what is pending: the Login
        // registered just after that must not wait for a deadline sweep that the close has stopped.
        executors.shutdown();
        CompletableFuture<?> login = CompletableFuture.supplyAsync(
                () -> dispatcher.sendInternal(new ClosedTransport(), Action.named("Login")));

        assertThat(login).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(ConnectionLostException.class, e -> assertThat(e.outcome())
                        .isEqualTo(ConnectionLostException.Outcome.NOT_SENT));
        assertThat(dispatcher.pending().isEmpty()).isTrue();
    }

    /** A connection already closed: like {@link Connection}, it queues what it is given and never writes it. */
    private static final class ClosedTransport implements Transport {
        @Override
        public void open() {
        }

        @Override
        public CompletableFuture<String> banner() {
            return CompletableFuture.failedFuture(new java.io.IOException("closed"));
        }

        @Override
        public void write(PendingAction action) {
        }

        @Override
        public java.util.List<PendingAction> drainUnwritten() {
            return java.util.List.of();
        }

        @Override
        public boolean isOpen() {
            return false;
        }

        @Override
        public void expectClose() {
        }

        @Override
        public void close() {
        }

        @Override
        public void abort(Throwable cause) {
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
