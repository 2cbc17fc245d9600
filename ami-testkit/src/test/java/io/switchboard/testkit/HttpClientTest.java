package io.switchboard.testkit;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiTransport;
import io.switchboard.ami.AuthType;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.ami.Backoff;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionState;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client over AMI/HTTP ({@code AmiTransport.HTTP}) against FakeAsterisk's {@code /rawman}. */
class HttpClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeAsterisk fake;
    private AmiClient client;
    private final List<ConnectionEvent> connectionEvents = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private FakeAsterisk start(java.util.function.UnaryOperator<FakeAsterisk.Builder> tweak) {
        fake = tweak.apply(FakeAsterisk.builder().http(true).loginDelay(Duration.ZERO)).start();
        return fake;
    }

    private AmiConfig.Builder config() {
        return AmiConfig.builder().transport(AmiTransport.HTTP).host(fake.host()).port(fake.httpPort())
                .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET)
                .keepaliveInterval(null).actionTimeout(WAIT).backoff(Backoff.fixed(Duration.ofMillis(20)))
                .connectionListener(connectionEvents::add);
    }

    /** The next action the fake received with this name, skipping others. */
    private Packet nextAction(String name) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Packet p = fake.takeAction(Duration.ofNanos(deadline - System.nanoTime()));
            if (p != null && name.equalsIgnoreCase(p.get("Action"))) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " action within " + WAIT);
    }

    @Test
    void logsInPingsAndLogsOffOnClose() {
        start(b -> b);
        client = AmiClient.connect(config().build());
        assertThat(nextAction("Login").get("Secret")).isEqualTo(FakeAsterisk.DEFAULT_SECRET);
        Response pong = client.send(Action.named("Ping"));
        assertThat(pong.get("Ping")).isEqualTo("Pong");
        assertThat(client.banner()).isEmpty();
        assertThat(fake.awaitLoggedIn(1, WAIT)).isTrue();

        client.close();
        assertThat(nextAction("Logoff")).isNotNull();
        assertThat(fake.awaitSessions(0, WAIT)).isTrue();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(connectionEvents).extracting(ConnectionEvent::type)
                .containsExactly(ConnectionEvent.Type.CONNECTED, ConnectionEvent.Type.CLOSED);
    }

    @Test
    void md5LoginOverHttp() {
        start(b -> b);
        client = AmiClient.connect(config().authType(AuthType.MD5).build());
        assertThat(nextAction("Challenge")).isNotNull();
        Packet login = nextAction("Login");
        assertThat(login.get("AuthType")).isEqualTo("MD5");
        assertThat(login.has("Secret")).isFalse();
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();
    }

    @Test
    void wrongSecretIsAnAuthenticationFailureThatDoesNotShowTheSecret() {
        start(b -> b);
        String secret = "wrong-s3cret-value";
        assertThatThrownBy(() -> AmiClient.connect(config().secret(secret).reconnect(false).build()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Authentication failed")
                .satisfies(e -> assertThat(String.valueOf(e)).doesNotContain(secret));
        assertThat(fake.awaitSessions(0, WAIT)).isTrue();  // a failed login destroys the session
    }

    @Test
    void errorResponseFailsTheAction() {
        start(b -> b);
        client = AmiClient.connect(config().build());
        assertThatThrownBy(() -> client.send(Action.named("NoSuchAction")))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("Invalid/unknown command");
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();  // the session goes on
    }

    @Test
    void listActionCollectsItemsAfterACallStarted() throws Exception {
        start(b -> b);
        client = AmiClient.connect(config().build());
        CompletableFuture<Event> answered = client.sendAndAwaitEvent(originate(), "OriginateResponse");
        assertThat(answered.get(10, TimeUnit.SECONDS).get("Response")).isEqualTo("Success");
        EventList list = client.sendList(Action.named("CoreShowChannels"));
        assertThat(list.items()).isNotEmpty();
        assertThat(list.items()).allSatisfy(e -> assertThat(e.name()).isEqualTo("CoreShowChannel"));
        assertThat(list.items()).anySatisfy(e -> assertThat(e.get("Channel")).startsWith("Local/hold@test"));
        assertThat(list.complete().get("ListItems")).isEqualTo(Integer.toString(list.items().size()));
    }

    @Test
    void eventsArriveThroughWaitEvent() throws Exception {
        start(b -> b);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        client = AmiClient.connect(config().build(), c -> c.on("TestEvent", events::add));
        nextAction("Login");
        for (int i = 1; i <= 3; i++) {
            fake.pushEvent(Packet.of("Event", "TestEvent", "Privilege", "call,all", "N", Integer.toString(i)));
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Event e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("event %d", i + 1).isNotNull();
            seen.add(e.get("N"));
        }
        assertThat(seen).containsExactly("1", "2", "3");
    }

    @Test
    void asyncOriginateAndItsResponseEvent() throws Exception {
        start(b -> b);
        BlockingQueue<Event> newChannels = new LinkedBlockingQueue<>();
        client = AmiClient.connect(config().build(), c -> c.on("Newchannel", newChannels::add));
        Event response = client.sendAndAwaitEvent(originate(), "OriginateResponse").get(10, TimeUnit.SECONDS);
        assertThat(response.get("Response")).isEqualTo("Success");
        assertThat(response.get("Channel")).startsWith("Local/hold@test");
        assertThat(newChannels.poll(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void specialCharactersSurviveTheFormEncoding() throws Exception {
        start(b -> b);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        client = AmiClient.connect(config().build(), c -> c.on("UserEvent", events::add));
        String tricky = "a b&c=d+e%20f?g#h/ü€😀";
        client.send(Action.named("UserEvent").header("UserEvent", "Tricky").header("Value", tricky)
                .header("Value", "second"));
        Packet received = nextAction("UserEvent");
        assertThat(received.get("Value")).isEqualTo(tricky);
        assertThat(received.getAll("Value")).containsExactly(tricky, "second");
        Event event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.get("Value")).isEqualTo(tricky);
    }

    @Test
    void destroyedSessionIsNoticedAndTheClientLogsInAgain() {
        start(b -> b);
        client = AmiClient.connect(config().build());
        nextAction("Login");
        fake.dropAllSessions();  // as an expiry: the cookie is unknown from now on
        await().atMost(WAIT).until(() -> types().contains(ConnectionEvent.Type.RESTORED));
        assertThat(types()).containsSubsequence(ConnectionEvent.Type.CONNECTED, ConnectionEvent.Type.LOST,
                ConnectionEvent.Type.RECONNECTING, ConnectionEvent.Type.RESTORED);
        assertThat(lost().cause()).hasMessageContaining("expired or was destroyed");
        assertThat(nextAction("Login")).isNotNull();
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();
    }

    @Test
    void restartWithASafeActionInFlightResendsIt() throws Exception {
        start(b -> b);
        client = AmiClient.connect(config().build());
        fake.faults().stallWrites();  // the Ping is received, its reply is held back
        CompletableFuture<Response> ping = client.sendAsync(Action.named("Ping"));
        nextAction("Ping");
        fake.restart();
        fake.faults().release();
        assertThat(ping.get(10, TimeUnit.SECONDS).get("Ping")).isEqualTo("Pong");
        await().atMost(WAIT).until(() -> types().contains(ConnectionEvent.Type.RESTORED));
        assertThat(nextAction("Ping")).isNotNull();  // resent on the new session
        assertThat(fake.awaitLoggedIn(1, WAIT)).isTrue();
    }

    @Test
    void anUnsafeActionInFlightHasAnUnknownOutcome() {
        start(b -> b);
        client = AmiClient.connect(config().build());
        fake.faults().stallWrites();
        // A built-in action: the call engine's own reply path is not what this test is about.
        CompletableFuture<Response> userEvent = client.sendAsync(Action.named("UserEvent").header("UserEvent", "x"));
        nextAction("UserEvent");
        fake.restart();
        fake.faults().release();
        assertThatThrownBy(() -> userEvent.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.switchboard.ami.ConnectionLostException.class)
                .satisfies(e -> assertThat(((io.switchboard.ami.ConnectionLostException) e.getCause()).outcome())
                        .isEqualTo(io.switchboard.ami.ConnectionLostException.Outcome.UNKNOWN));
        await().atMost(WAIT).until(() -> types().contains(ConnectionEvent.Type.RESTORED));
    }

    @Test
    void actionsSentWhileTheServerIsDownWaitForTheReconnect() throws Exception {
        start(b -> b);
        client = AmiClient.connect(config().build());
        fake.stop();
        await().atMost(WAIT).until(() -> types().contains(ConnectionEvent.Type.LOST));
        CompletableFuture<Response> ping = client.sendAsync(Action.named("Ping"));
        fake.restart();
        assertThat(ping.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(types()).contains(ConnectionEvent.Type.RESTORED);
    }

    @Test
    void eventsOffAtLoginMeansNoPolling() throws Exception {
        start(b -> b);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        client = AmiClient.connect(config().events("off").build(), c -> c.on("TestEvent", events::add));
        fake.pushEvent(Packet.of("Event", "TestEvent", "Privilege", "call,all", "N", "1"));
        client.send(Action.named("Ping"));  // a round trip after the event: it would have been polled by now
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();

        client.setEventMask("call");  // turns polling on
        fake.pushEvent(Packet.of("Event", "TestEvent", "Privilege", "call,all", "N", "2"));
        // As in Asterisk, the session kept the first event and filters by the mask when a WaitEvent collects.
        List<String> seen = new ArrayList<>();
        while (!seen.contains("2")) {
            Event e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("event after %s", seen).isNotNull();
            seen.add(e.get("N"));
        }
        assertThat(seen).containsExactly("1", "2");
    }

    private static Action originate() {
        return Action.named("Originate").header("Channel", "Local/hold@test").header("Application", "Wait")
                .header("Data", "600").header("Async", "true");
    }

    private List<ConnectionEvent.Type> types() {
        return connectionEvents.stream().map(ConnectionEvent::type).toList();
    }

    private ConnectionEvent lost() {
        return connectionEvents.stream().filter(e -> e.type() == ConnectionEvent.Type.LOST).findFirst()
                .orElseThrow();
    }
}
