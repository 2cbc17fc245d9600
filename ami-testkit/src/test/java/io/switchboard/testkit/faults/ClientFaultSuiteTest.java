package io.switchboard.testkit.faults;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.ami.Backoff;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionLostException;
import io.switchboard.ami.ConnectionState;
import io.switchboard.ami.EventList;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Response;
import io.switchboard.ami.Subscription;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.SimulatedPbx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The client against a misbehaving FakeAsterisk: a server that dies mid-packet, mid-list or mid-login, stalls,
 * restarts again and again, refuses logins after a restart, or floods events at a slow listener. For each case:
 * which futures fail with which outcome, which are resent, that nothing hangs, and that no thread is left behind.
 * The matrix is summarised in docs/RELIABILITY.md.
 */
class ClientFaultSuiteTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private FakeAsterisk fake;
    private AmiClient client;
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private int threadsBefore;

    @BeforeEach
    void start() {
        threadsBefore = clientThreads();
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
            await().atMost(WAIT).until(() -> clientThreads() <= threadsBefore);
        }
        fake.close();
    }

    private void connect(UnaryOperator<AmiConfig.Builder> tweak) {
        AmiConfig config = tweak.apply(AmiConfig.builder().host(fake.host()).port(fake.port())
                .username("admin").secret("amp111").backoff(Backoff.fixed(Duration.ofMillis(20)))
                .connectTimeout(Duration.ofSeconds(2)).actionTimeout(Duration.ofSeconds(15))
                .connectionListener(events::add)).build();
        client = AmiClient.connect(config);
    }

    private long count(ConnectionEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    private static int clientThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("switchboard-")).count();
    }

    private SimulatedPbx pbx() {
        return (SimulatedPbx) fake.callEngine().orElseThrow();
    }

    private static ConnectionLostException.Outcome outcome(CompletableFuture<?> f) {
        assertThat(f).failsWithin(WAIT);
        Throwable t = f.handle((v, e) -> e).join();
        while (t != null && !(t instanceof ConnectionLostException)) {
            t = t.getCause();
        }
        assertThat(t).as("failure cause").isInstanceOf(ConnectionLostException.class);
        return ((ConnectionLostException) t).outcome();
    }

    @Test
    void serverClosesMidPacket() {
        connect(b -> b);
        // Answered after everything the server writes after a login (FullyBooted), so the cut below hits the
        // Originate's response and not a late login-time event (which would drop the connection before the
        // Originate is even written, and it would then be sent, and succeed, after the reconnect).
        client.send(Action.named("Ping"));
        fake.faults().closeAfterBytes(10); // the next packet written is cut after 10 bytes
        CompletableFuture<Response> originate = client.sendAsync(Action.named("Originate")
                .header("Channel", "Local/hold@test").header("Application", "Wait").header("Data", "600")
                .header("Async", "true"));
        CompletableFuture<Response> status = client.sendAsync(Action.named("Getvar").header("Variable", "EPOCH"));
        assertThat(outcome(originate)).isEqualTo(ConnectionLostException.Outcome.UNKNOWN);
        assertThat(status).as("Getvar is resent after the reconnect").succeedsWithin(WAIT);
        assertThat(count(ConnectionEvent.Type.RESTORED)).isEqualTo(1);
    }

    @Test
    void serverClosesMidList() {
        connect(b -> b);
        for (int i = 0; i < 3; i++) {
            pbx().cliOriginate("Local/hold@test", "Wait", "600");
        }
        await().atMost(WAIT).until(() -> pbx().channels().size() == 6);
        fake.faults().closeAfterBytes(700); // inside the CoreShowChannel items
        EventList list = client.sendList(Action.named("CoreShowChannels"));
        assertThat(list.items()).hasSize(6);
        assertThat(list.announcedCount()).isEqualTo(6);
        assertThat(count(ConnectionEvent.Type.LOST)).as("the list was cut and resent").isEqualTo(1);
    }

    @Test
    void serverClosesMidLogin() {
        connect(b -> b);
        fake.faults().closeNewSessionsAfterBytes(45); // banner (30) + part of the Login response
        fake.dropAllSessions();
        await().atMost(WAIT).until(() -> count(ConnectionEvent.Type.RECONNECTING) >= 3);
        assertThat(count(ConnectionEvent.Type.RESTORED)).isZero();
        CompletableFuture<Response> ping = client.sendAsync(Action.named("Ping"));
        fake.faults().clear();
        assertThat(ping).as("held during the outage, sent after it").succeedsWithin(WAIT);
        await().atMost(WAIT).until(() -> count(ConnectionEvent.Type.RESTORED) == 1);
    }

    @Test
    void stalledServerIsDetectedAsHalfOpen() {
        connect(b -> b.keepaliveInterval(Duration.ofMillis(100)).keepaliveTimeout(Duration.ofMillis(300))
                .connectTimeout(Duration.ofMillis(500)));
        fake.faults().stall();
        await().atMost(WAIT).until(() -> count(ConnectionEvent.Type.LOST) == 1);
        ConnectionEvent lost = events.stream().filter(e -> e.type() == ConnectionEvent.Type.LOST).findFirst()
                .orElseThrow();
        assertThat(lost.cause()).hasMessageContaining("keepalive");
        CompletableFuture<Response> getvar = client.sendAsync(Action.named("Getvar").header("Variable", "X"));
        fake.faults().release();
        assertThat(getvar).succeedsWithin(WAIT);
        await().atMost(WAIT).until(() -> count(ConnectionEvent.Type.RESTORED) >= 1);
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
    }

    @Test
    void serverRestartsTwentyTimesInARow() {
        connect(b -> b);
        for (int i = 1; i <= 20; i++) {
            fake.restart();
            long expected = i;
            await().atMost(WAIT).until(() -> count(ConnectionEvent.Type.RESTORED) == expected);
            assertThat(client.send(Action.named("Ping")).get("Ping")).isEqualTo("Pong");
        }
        assertThat(count(ConnectionEvent.Type.LOST)).isEqualTo(20);
        ConnectionEvent restored = events.stream().filter(e -> e.type() == ConnectionEvent.Type.RESTORED)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(restored.gapStart()).isBeforeOrEqualTo(restored.at());
    }

    @Test
    void inFlightActionsDuringARestart() {
        connect(b -> b);
        fake.faults().stallReads(); // the server takes requests but answers none
        CompletableFuture<Response> originate = client.sendAsync(Action.named("Originate")
                .header("Channel", "Local/hold@test").header("Application", "Wait").header("Data", "600")
                .header("Async", "true"));
        CompletableFuture<EventList> channels = client.sendListAsync(Action.named("CoreShowChannels"));
        CompletableFuture<Response> setvar = client.sendAsync(Action.named("Setvar").header("Variable", "G")
                .header("Value", "1"));
        // Async sends leave through the writer thread, in order. A blocking send queued behind them is written
        // after them; once it has timed out unanswered, the three have long been handed to the socket (a few
        // hundred bytes: the stalled server's receive buffer takes them). Restart while the stall still holds,
        // so the old session can never answer them; then let logins in.
        assertThatThrownBy(() -> client.send(Action.named("Ping").timeout(Duration.ofSeconds(2))))
                .isInstanceOf(AmiTimeoutException.class);
        fake.restart();
        await().atMost(WAIT).until(() -> count(ConnectionEvent.Type.LOST) == 1);
        fake.faults().clear();
        assertThat(outcome(originate)).isEqualTo(ConnectionLostException.Outcome.UNKNOWN);
        assertThat(outcome(setvar)).isEqualTo(ConnectionLostException.Outcome.UNKNOWN);
        assertThat(channels).as("read-only list is resent").succeedsWithin(WAIT);
    }

    @Test
    void serverRefusesLoginAfterARestart() {
        connect(b -> b);
        fake.faults().refuseLogins(true);
        fake.restart();
        await().atMost(WAIT).until(() -> count(ConnectionEvent.Type.LOGIN_FAILED) >= 2);
        ConnectionEvent failed = events.stream().filter(e -> e.type() == ConnectionEvent.Type.LOGIN_FAILED)
                .findFirst().orElseThrow();
        assertThat(failed.cause()).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Authentication failed").hasMessageNotContaining("amp111");
        assertThat(client.state()).isNotEqualTo(ConnectionState.READY);
        CompletableFuture<Response> ping = client.sendAsync(Action.named("Ping"));
        fake.faults().refuseLogins(false);
        assertThat(ping).succeedsWithin(WAIT);
        await().atMost(WAIT).until(() -> count(ConnectionEvent.Type.RESTORED) == 1);
    }

    @Test
    void heldActionsFailAsNotSentWhenTheServerStaysDown() {
        connect(b -> b);
        fake.stop();
        await().atMost(WAIT).until(() -> count(ConnectionEvent.Type.LOST) == 1);
        CompletableFuture<Response> hangup = client.sendAsync(Action.named("Hangup").header("Channel", "x")
                .timeout(Duration.ofMillis(300)));
        assertThat(outcome(hangup)).isEqualTo(ConnectionLostException.Outcome.NOT_SENT);
    }

    @Test
    void millionEventFloodAtASlowListenerLosesNothingWithBlockingPolicy() {
        connect(b -> b);
        int total = 1_000_000;
        int capacity = 256;
        AtomicLong received = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        Subscription slow = client.subscribe(e -> e.is("UserEvent"), e -> {
            long seq = Long.parseLong(e.get("Seq"));
            if (seq != received.get()) {
                outOfOrder.incrementAndGet();
            }
            if (received.incrementAndGet() % 5000 == 0) {
                LockSupport.parkNanos(1_000_000); // the listener is periodically slow
            }
        }, capacity, OverflowPolicy.BLOCK);
        int batch = 2000;
        StringBuilder sb = new StringBuilder(batch * 80);
        for (int start = 0; start < total; start += batch) {
            sb.setLength(0);
            for (int i = start; i < start + batch; i++) {
                sb.append("Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: Flood\r\nSeq: ").append(i)
                        .append("\r\n\r\n");
            }
            fake.faults().inject(sb.toString().getBytes(StandardCharsets.US_ASCII)); // blocks under backpressure
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> received.get() == total);
        assertThat(outOfOrder.get()).isZero();
        assertThat(slow.stats().dropped()).isZero();
        assertThat(slow.stats().delivered()).isEqualTo(total);
        assertThat(slow.stats().maxQueued()).as("memory bounded by the queue").isLessThanOrEqualTo(capacity);
        assertThat(count(ConnectionEvent.Type.LOST)).isZero();
    }
}
