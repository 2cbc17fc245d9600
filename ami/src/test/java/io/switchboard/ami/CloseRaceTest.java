package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code close()} at awkward moments: while the first connect waits for the banner or the login, while a list is
 * half read, while a reconnect is logging in, from inside connection listeners and future callbacks, and against
 * threads that keep sending. Every future must complete, and no client thread may remain.
 */
class CloseRaceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofSeconds(60);

    private AutoCloseable server;
    private AmiClient client;
    private int threadsBefore;
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void countThreads() {
        threadsBefore = ClientThreads.count();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        ClientThreads.awaitAtMost(threadsBefore);
    }

    private List<ConnectionEvent.Type> types() {
        return events.stream().map(ConnectionEvent::type).toList();
    }

    private static ConnectionLostException.Outcome outcomeOf(CompletableFuture<?> f) {
        assertThat(f).failsWithin(WAIT);
        try {
            f.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ConnectionLostException.class);
            return ((ConnectionLostException) e.getCause()).outcome();
        }
        throw new AssertionError("not failed");
    }

    @Test
    void closeWhileTheFirstConnectWaitsForTheBanner() throws Exception {
        RawServer raw = new RawServer("");
        server = raw;
        AtomicReference<AmiClient> early = new AtomicReference<>();
        CompletableFuture<AmiClient> connecting = CompletableFuture.supplyAsync(
                () -> AmiClient.connect(raw.config().connectTimeout(LONG).build(), early::set));
        await().atMost(WAIT).until(() -> early.get() != null && !raw.accepted.isEmpty());
        early.get().close();
        assertThat(connecting).failsWithin(WAIT).withThrowableThat().havingCause()
                .isInstanceOf(ConnectionLostException.class);
        assertThat(early.get().state()).isEqualTo(ConnectionState.CLOSED);
        ClientThreads.awaitAtMost(threadsBefore);
    }

    @Test
    void closeWhileTheFirstConnectWaitsForTheLogin() throws Exception {
        ScriptedServer s = new ScriptedServer((a, session) -> { }); // never answers anything
        server = s;
        AtomicReference<AmiClient> early = new AtomicReference<>();
        CompletableFuture<AmiClient> connecting = CompletableFuture.supplyAsync(
                () -> AmiClient.connect(s.config().connectTimeout(LONG).build(), early::set));
        await().atMost(WAIT).until(() -> s.actions.stream().anyMatch(p -> "Login".equals(p.get("Action"))));
        early.get().close();
        assertThat(connecting).failsWithin(WAIT).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(ConnectionLostException.class,
                        e -> assertThat(e).hasMessageContaining("Login").hasMessageContaining("closed"));
        ClientThreads.awaitAtMost(threadsBefore);
    }

    @Test
    void closeInTheMiddleOfAListFailsItAsUnknown() throws Exception {
        ScriptedServer s = new ScriptedServer(ScriptedServer.standard((a, session) -> {
            String id = a.actionId();
            session.send(withId(id, "Response", "Success", "EventList", "start", "Message", "Channels will follow"));
            session.send(withId(id, "Event", "CoreShowChannel", "Channel", "PJSIP/alice-00000001"));
            // ...and the rest of the list never comes
        }));
        server = s;
        client = AmiClient.connect(s.config().build());
        CompletableFuture<EventList> list = client.sendListAsync(Action.named("CoreShowChannels"));
        await().atMost(WAIT).until(() -> s.actions.stream().anyMatch(p -> "CoreShowChannels".equals(p.get("Action"))));
        client.close();
        assertThat(outcomeOf(list)).isEqualTo(ConnectionLostException.Outcome.UNKNOWN);
        ClientThreads.awaitAtMost(threadsBefore);
    }

    @Test
    void closeWhileAReconnectIsLoggingInFailsHeldActionsAsNotSent() throws Exception {
        ScriptedServer.Flags flags = new ScriptedServer.Flags();
        ScriptedServer s = new ScriptedServer((a, session) -> {
            String name = a.get("Action");
            if (name.equals("Login") && flags.refuseLogins) {
                return; // the second session's login hangs
            }
            session.send(withId(a.actionId(), "Response", "Success", "Message", "ok"));
        });
        server = s;
        client = AmiClient.connect(s.config().backoff(Backoff.fixed(Duration.ofMillis(10)))
                .connectTimeout(LONG).connectionListener(events::add).build());
        flags.refuseLogins = true;
        s.sessions.get(0).close();
        await().atMost(WAIT).until(() -> s.actions.stream().filter(p -> "Login".equals(p.get("Action"))).count() == 2);
        CompletableFuture<Response> originate = client.sendAsync(Action.named("Originate").header("Channel", "x"));
        CompletableFuture<Response> getvar = client.sendAsync(Action.named("Getvar").header("Variable", "X"));
        client.close();
        assertThat(outcomeOf(originate)).isEqualTo(ConnectionLostException.Outcome.NOT_SENT);
        assertThat(outcomeOf(getvar)).isEqualTo(ConnectionLostException.Outcome.NOT_SENT);
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        ClientThreads.awaitAtMost(threadsBefore);
        assertThat(types()).doesNotContain(ConnectionEvent.Type.RESTORED).endsWith(ConnectionEvent.Type.CLOSED);
        assertThat(s.actions).extracting(p -> p.get("Action")).doesNotContain("Originate", "Getvar");
    }

    @Test
    void closeFromALostListenerSettlesEveryActionInFlight() throws Exception {
        ScriptedServer s = new ScriptedServer(ScriptedServer.standard((a, session) -> { })); // never answers
        server = s;
        client = AmiClient.connect(s.config().backoff(Backoff.fixed(Duration.ofMillis(10))).build());
        AmiClient c = client;
        client.addConnectionListener(e -> {
            events.add(e);
            if (e.type() == ConnectionEvent.Type.LOST) {
                c.close(); // on the reader thread, in the middle of handling the loss
            }
        });
        CompletableFuture<Response> originate = client.sendAsync(Action.named("Originate").header("Channel", "x"));
        CompletableFuture<Response> getvar = client.sendAsync(Action.named("Getvar").header("Variable", "X"));
        await().atMost(WAIT).until(() -> s.actions.stream().anyMatch(p -> "Getvar".equals(p.get("Action"))));
        s.sessions.get(0).close();
        assertThat(outcomeOf(originate)).isEqualTo(ConnectionLostException.Outcome.UNKNOWN);
        assertThat(outcomeOf(getvar)).isEqualTo(ConnectionLostException.Outcome.UNKNOWN);
        await().atMost(WAIT).until(() -> client.state() == ConnectionState.CLOSED);
        ClientThreads.awaitAtMost(threadsBefore);
        assertThat(types()).containsExactly(ConnectionEvent.Type.LOST, ConnectionEvent.Type.CLOSED);
        assertThat(s.sessions).hasSize(1); // no reconnect after the close
    }

    @Test
    void closeFromARestoredListenerFailsTheActionsHeldDuringTheGap() throws Exception {
        ScriptedServer.Flags flags = new ScriptedServer.Flags();
        ScriptedServer s = new ScriptedServer(ScriptedServer.standard(
                (a, session) -> session.send(withId(a.actionId(), "Response", "Success")), flags));
        server = s;
        client = AmiClient.connect(s.config().backoff(Backoff.fixed(Duration.ofMillis(10))).build());
        AmiClient c = client;
        client.addConnectionListener(e -> {
            events.add(e);
            if (e.type() == ConnectionEvent.Type.RESTORED) {
                c.close();
            }
        });
        flags.refuseLogins = true;
        s.sessions.get(0).close();
        await().atMost(WAIT).until(() -> types().contains(ConnectionEvent.Type.LOGIN_FAILED));
        CompletableFuture<Response> held = client.sendAsync(Action.named("Setvar").header("Variable", "X"));
        flags.refuseLogins = false;
        assertThat(outcomeOf(held)).isEqualTo(ConnectionLostException.Outcome.NOT_SENT);
        await().atMost(WAIT).until(() -> client.state() == ConnectionState.CLOSED);
        ClientThreads.awaitAtMost(threadsBefore);
        assertThat(s.actions).extracting(p -> p.get("Action")).doesNotContain("Setvar");
    }

    @Test
    void closeFromAFutureCallbackLeavesNoThreads() throws Exception {
        ScriptedServer s = new ScriptedServer(ScriptedServer.standard(
                (a, session) -> session.send(withId(a.actionId(), "Response", "Success"))));
        server = s;
        client = AmiClient.connect(s.config().build());
        CompletableFuture<Void> closed = client.sendAsync(Action.named("Ping")).thenRun(client::close);
        assertThat(closed).succeedsWithin(WAIT);
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        ClientThreads.awaitAtMost(threadsBefore);
    }

    @Test
    void closeWhileATwoConnectionClientAwaitsAFollowUpEventFailsItAtOnce() throws Exception {
        ScriptedServer s = new ScriptedServer(ScriptedServer.standard((a, session) -> session.send(withId(
                a.actionId(), "Response", "Success", "Message", "Originate successfully queued"))));
        server = s;
        client = AmiClient.connect(s.config().separateEventConnection(true).actionTimeout(LONG).build());
        CompletableFuture<Event> originated = client.sendAndAwaitEvent(Action.named("Originate")
                .header("Channel", "Local/100@default").header("Async", "true"), "OriginateResponse");
        client.send(Action.named("Ping")); // answered after the Originate's response: that one has been read
        client.close();
        assertThat(outcomeOf(originated)).isEqualTo(ConnectionLostException.Outcome.UNKNOWN);
        ClientThreads.awaitAtMost(threadsBefore);
    }

    @Test
    void closeRacingSendersLeavesNoFutureOpen() throws Exception {
        ScriptedServer s = new ScriptedServer(ScriptedServer.standard(
                (a, session) -> session.send(withId(a.actionId(), "Response", "Success"))));
        server = s;
        for (int round = 0; round < 20; round++) {
            AmiClient c = AmiClient.connect(s.config().build());
            List<CompletableFuture<List<Object>>> senders = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                boolean async = t % 2 == 0;
                senders.add(CompletableFuture.supplyAsync(() -> sendUntilRefused(c, async)));
            }
            c.close();
            for (CompletableFuture<List<Object>> sender : senders) {
                List<Object> outcomes = sender.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                for (Object o : outcomes) {
                    if (o instanceof CompletableFuture<?> f) {
                        assertThat(f.handle((r, e) -> e == null ? r : e)).as("a future returned while closing")
                                .succeedsWithin(WAIT);
                    }
                }
            }
        }
        ClientThreads.awaitAtMost(threadsBefore);
    }

    /** Sends until the client refuses; returns what the sends gave: responses, failures, and futures. */
    private static List<Object> sendUntilRefused(AmiClient c, boolean async) {
        List<Object> seen = new ArrayList<>();
        while (true) {
            try {
                if (async) {
                    seen.add(c.sendAsync(Action.named("Ping")));
                } else {
                    seen.add(c.send(Action.named("Ping")));
                }
            } catch (IllegalStateException e) {
                assertThat(e).hasMessageContaining("closed");
                return seen; // the documented refusal after close
            } catch (ConnectionLostException e) {
                seen.add(e);
            }
        }
    }
}
