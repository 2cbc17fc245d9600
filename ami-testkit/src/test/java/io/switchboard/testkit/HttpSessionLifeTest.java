package io.switchboard.testkit;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiTransport;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP transport and FakeAsterisk's {@code /rawman} over the life of a cookie session: kept alive while idle,
 * a request too large, credentials refused.
 */
class HttpSessionLifeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeAsterisk fake;
    private AmiClient client;
    private final List<ConnectionEvent> connectionEvents = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Packet> actions = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private void start(UnaryOperator<FakeAsterisk.Builder> tweak) {
        fake = tweak.apply(FakeAsterisk.builder().http(true).loginDelay(Duration.ZERO)).start();
    }

    /** No keepalive and no reconnect: what keeps the session, or loses it, is the transport alone. */
    private AmiConfig.Builder config() {
        return AmiConfig.builder().transport(AmiTransport.HTTP).host(fake.host()).port(fake.httpPort())
                .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET)
                .keepaliveInterval(null).reconnect(false).actionTimeout(WAIT)
                .connectionListener(connectionEvents::add);
    }

    /** Counts the actions of a name the fake received so far (draining its record into {@link #actions}). */
    private long received(String name) {
        Packet p;
        while ((p = fake.takeAction(Duration.ZERO)) != null) {
            actions.add(p);
        }
        return actions.stream().filter(a -> name.equalsIgnoreCase(a.get("Action"))).count();
    }

    @Test
    void anIdleSessionWithEventsOffIsKeptAlivePastTheServersTimeout() {
        start(b -> b.httpTimeout(Duration.ofMillis(1500)));
        client = AmiClient.connect(config().events("off").build());
        // Pings at a third of the cookie's Max-Age: five of them span more than the server's timeout.
        await().atMost(WAIT).until(() -> received("Ping") >= 5);
        assertThat(client.send(Action.named("UserEvent").header("UserEvent", "still-here")).isSuccess()).isTrue();
        assertThat(received("Login")).isEqualTo(1);
        assertThat(connectionEvents).extracting(ConnectionEvent::type).doesNotContain(ConnectionEvent.Type.LOST);
    }

    @Test
    void aRequestOverFortyKilobytesFailsAloneAndTheSessionGoesOn() {
        start(b -> b);
        client = AmiClient.connect(config().build());
        assertThatThrownBy(() -> client.send(Action.named("UserEvent").header("UserEvent", "big")
                .header("Data", "x".repeat(41_000))))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("413");
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();
        assertThat(received("Login")).isEqualTo(1);
        assertThat(received("UserEvent")).isZero();  // refused before the manager saw it
    }

    @Test
    void wrongUserOrSecretIsATypedFailureNamingNeither() {
        start(b -> b);
        String secret = "Not-The-Secret-42";
        assertThatThrownBy(() -> AmiClient.connect(config().secret(secret).build()))
                .isInstanceOf(AuthenticationException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t)).doesNotContain(secret);
                    }
                });
        assertThatThrownBy(() -> AmiClient.connect(config().username("nobody").secret(secret).reconnect(true)
                .build())).isInstanceOf(AuthenticationException.class);
        assertThat(fake.awaitSessions(0, WAIT)).isTrue();
    }
}
