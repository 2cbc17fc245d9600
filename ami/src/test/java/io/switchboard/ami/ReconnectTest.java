package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReconnectTest {
    private static final Backoff FAST = Backoff.fixed(Duration.ofMillis(20));

    private ScriptedServer server;
    private AmiClient client;
    private final ScriptedServer.Flags flags = new ScriptedServer.Flags();
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(ScriptedServer.Script rest, java.util.function.UnaryOperator<AmiConfig.Builder> tweak)
            throws IOException {
        server = new ScriptedServer(ScriptedServer.standard(rest, flags));
        client = AmiClient.connect(tweak.apply(server.config().backoff(FAST).connectionListener(events::add))
                .build());
    }

    private List<ConnectionEvent.Type> types() {
        return events.stream().map(ConnectionEvent::type).toList();
    }

    private void dropSessions() throws IOException {
        for (ScriptedServer.Session s : server.sessions) {
            s.close();
        }
    }

    private long logins() {
        return server.actions.stream().filter(p -> "Login".equals(p.get("Action"))).count();
    }

    @Test
    void reconnectsAndReportsTheGap() throws Exception {
        start((a, s) -> s.send(withId(a.actionId(), "Response", "Success")), b -> b);
        dropSessions();
        await().atMost(Duration.ofSeconds(10)).until(() -> types().contains(ConnectionEvent.Type.RESTORED));
        assertThat(types()).containsSubsequence(ConnectionEvent.Type.CONNECTED, ConnectionEvent.Type.LOST,
                ConnectionEvent.Type.RECONNECTING, ConnectionEvent.Type.RESTORED);
        ConnectionEvent restored = events.stream().filter(e -> e.type() == ConnectionEvent.Type.RESTORED)
                .findFirst().orElseThrow();
        assertThat(restored.gapStart()).isNotNull().isBeforeOrEqualTo(restored.at());
        ConnectionEvent lost = events.stream().filter(e -> e.type() == ConnectionEvent.Type.LOST).findFirst()
                .orElseThrow();
        assertThat(lost.cause()).hasMessageContaining("closed");
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
        assertThat(client.send(Action.named("Anything")).isSuccess()).isTrue();
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void resendsSafeActionsAndFailsUnsafeOnesWithUnknownOutcome() throws Exception {
        AtomicInteger session = new AtomicInteger();
        start((a, s) -> {
            String name = a.get("Action");
            if (name.equals("Hold")) {
                session.incrementAndGet();
                s.close(); // the server dies with Status and Originate in flight
            } else if (name.equals("Status") && session.get() > 0 && !s.socket.isClosed()) {
                s.send(withId(a.actionId(), "Response", "Success", "EventList", "start"));
                s.send(withId(a.actionId(), "Event", "StatusComplete", "EventList", "Complete", "ListItems", "0"));
            }
        }, b -> b);
        CompletableFuture<EventList> status = client.sendListAsync(Action.named("Status"));
        CompletableFuture<Response> originate = client.sendAsync(Action.named("Originate").header("Channel", "X/y"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.actions.stream()
                .filter(p -> "Originate".equals(p.get("Action"))).count() == 1);
        client.sendAsync(Action.named("Hold"));
        assertThat(status).succeedsWithin(Duration.ofSeconds(10));
        assertThat(originate).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(ConnectionLostException.class,
                        e -> assertThat(e.outcome()).isEqualTo(ConnectionLostException.Outcome.UNKNOWN));
        assertThat(server.actions.stream().filter(p -> "Originate".equals(p.get("Action"))).count())
                .as("Originate is never resent").isEqualTo(1);
        assertThat(server.actions.stream().filter(p -> "Status".equals(p.get("Action"))).count()).isEqualTo(2);
    }

    @Test
    void actionsSentWhileDisconnectedWaitForTheConnection() throws Exception {
        start((a, s) -> s.send(withId(a.actionId(), "Response", "Success", "Message", "ok")), b -> b);
        flags.refuseLogins = true;
        dropSessions();
        await().atMost(Duration.ofSeconds(10)).until(() -> types().contains(ConnectionEvent.Type.LOGIN_FAILED));
        assertThat(client.state()).isNotEqualTo(ConnectionState.READY);
        CompletableFuture<Response> waiting = client.sendAsync(Action.named("Setvar").header("Variable", "x")
                .header("Value", "1"));
        assertThat(waiting).isNotDone();
        ConnectionEvent failed = events.stream().filter(e -> e.type() == ConnectionEvent.Type.LOGIN_FAILED)
                .findFirst().orElseThrow();
        assertThat(failed.cause()).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Authentication failed");
        flags.refuseLogins = false;
        assertThat(waiting).succeedsWithin(Duration.ofSeconds(10));
        assertThat(types()).contains(ConnectionEvent.Type.RESTORED);
    }

    @Test
    void heldActionFailsAsNotSentWhenItsDeadlinePasses() throws Exception {
        start((a, s) -> { }, b -> b);
        flags.refuseLogins = true;
        dropSessions();
        await().atMost(Duration.ofSeconds(10)).until(() -> types().contains(ConnectionEvent.Type.LOST));
        CompletableFuture<Response> f = client.sendAsync(Action.named("Originate").header("Channel", "X/y")
                .timeout(Duration.ofMillis(300)));
        assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(ConnectionLostException.class,
                        e -> assertThat(e.outcome()).isEqualTo(ConnectionLostException.Outcome.NOT_SENT));
        assertThat(server.actions.stream().filter(p -> "Originate".equals(p.get("Action")))).isEmpty();
    }

    @Test
    void reappliesEventMaskAndFiltersAfterReconnect() throws Exception {
        start((a, s) -> s.send(withId(a.actionId(), "Response", "Success")), b -> b);
        client.setEventMask("call,system");
        client.addFilter("Event: Newchannel", null);
        client.addFilter("Hangup", "action(include),name(Hangup)");
        server.actions.clear();
        dropSessions();
        await().atMost(Duration.ofSeconds(10)).until(() -> types().contains(ConnectionEvent.Type.RESTORED));
        List<Packet> sent = List.copyOf(server.actions);
        assertThat(sent).extracting(p -> p.get("Action")).containsExactly("Login", "Events", "Filter", "Filter");
        assertThat(sent.get(1).get("EventMask")).isEqualTo("call,system");
        assertThat(sent.get(2).get("Filter")).isEqualTo("Event: Newchannel");
        assertThat(sent.get(3).get("MatchCriteria")).isEqualTo("action(include),name(Hangup)");
    }

    @Test
    void unansweredKeepaliveDropsAHalfOpenConnection() throws Exception {
        start((a, s) -> { }, b -> b.keepaliveInterval(Duration.ofMillis(100))
                .keepaliveTimeout(Duration.ofMillis(200)));
        flags.ignorePings = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> types().contains(ConnectionEvent.Type.LOST));
        ConnectionEvent lost = events.stream().filter(e -> e.type() == ConnectionEvent.Type.LOST).findFirst()
                .orElseThrow();
        assertThat(lost.cause()).hasMessageContaining("keepalive");
        flags.ignorePings = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> types().contains(ConnectionEvent.Type.RESTORED));
    }

    @Test
    void givesUpAfterMaxAttemptsAndFailsHeldActions() throws Exception {
        start((a, s) -> { }, b -> b.maxReconnectAttempts(2));
        server.close(); // nothing listens any more
        dropSessions();
        await().atMost(Duration.ofSeconds(10)).until(() -> types().stream()
                .filter(t -> t == ConnectionEvent.Type.RECONNECTING).count() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == ConnectionState.LOST);
        CompletableFuture<Response> f = client.sendAsync(Action.named("Ping"));
        assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(ConnectionLostException.class,
                        e -> assertThat(e.outcome()).isEqualTo(ConnectionLostException.Outcome.NOT_SENT));
    }

    @Test
    void survivesManyRestartsInARow() throws Exception {
        start((a, s) -> s.send(withId(a.actionId(), "Response", "Success")), b -> b);
        for (int i = 1; i <= 20; i++) {
            int restoredBefore = count(ConnectionEvent.Type.RESTORED);
            dropSessions();
            await().atMost(Duration.ofSeconds(10)).until(() -> count(ConnectionEvent.Type.RESTORED) > restoredBefore);
            assertThat(client.send(Action.named("Check")).isSuccess()).isTrue();
        }
        assertThat(count(ConnectionEvent.Type.LOST)).isEqualTo(20);
    }

    private int count(ConnectionEvent.Type type) {
        return (int) events.stream().filter(e -> e.type() == type).count();
    }

    @Test
    void closeLeavesNoThreadsBehind() throws Exception {
        int before = switchboardThreads();
        start((a, s) -> s.send(withId(a.actionId(), "Response", "Success")), b -> b
                .keepaliveInterval(Duration.ofMillis(50)));
        client.on("Tick", e -> { });
        for (int i = 0; i < 20; i++) {
            client.sendAsync(Action.named("Check"));
        }
        dropSessions();
        await().atMost(Duration.ofSeconds(10)).until(() -> types().contains(ConnectionEvent.Type.RESTORED));
        client.close();
        client = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> switchboardThreads() <= before);
        assertThat(types()).endsWith(ConnectionEvent.Type.CLOSED);
    }

    private static int switchboardThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("switchboard-")).count();
    }

    @Test
    void listenerEventsFollowTheStateMachine() throws Exception {
        start((a, s) -> { }, b -> b);
        client.close();
        assertThat(types()).containsExactly(ConnectionEvent.Type.CONNECTED, ConnectionEvent.Type.CLOSED);
        client = null;
    }
}
