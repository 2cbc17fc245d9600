package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Handshakes that go wrong: a server that accepts TCP but never greets, greets by halves, answers the login too
 * late, or refuses the MD5 challenge. The first connect must fail with a typed error within its deadline and leave
 * no thread behind; a reconnect must report the failure and keep trying.
 */
class HandshakeFaultTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    private AutoCloseable server;
    private AmiClient client;
    private int threadsBefore;

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

    @Test
    void serverThatNeverSendsTheBannerFailsTheConnectAtItsTimeout() throws Exception {
        RawServer raw = new RawServer("");
        server = raw;
        assertThatThrownBy(() -> AmiClient.connect(raw.config().connectTimeout(SHORT).build()))
                .isInstanceOf(AmiTimeoutException.class).hasMessageContaining("no AMI banner")
                .hasMessageContaining("127.0.0.1:" + raw.port());
        ClientThreads.awaitAtMost(threadsBefore);
    }

    @Test
    void halfABannerIsNoBanner() throws Exception {
        RawServer raw = new RawServer("Asterisk Call Man"); // no line end: the greeting never completes
        server = raw;
        assertThatThrownBy(() -> AmiClient.connect(raw.config().connectTimeout(SHORT).build()))
                .isInstanceOf(AmiTimeoutException.class).hasMessageContaining("no AMI banner");
        ClientThreads.awaitAtMost(threadsBefore);
    }

    @Test
    void bannerCutByTheServerClosingIsAConnectionLoss() throws Exception {
        ScriptedServer s = new ScriptedServer((a, session) -> { });
        server = s;
        s.banner = null;
        CompletableFuture<AmiClient> connecting = CompletableFuture.supplyAsync(
                () -> AmiClient.connect(s.config().connectTimeout(Duration.ofSeconds(30)).build()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !s.sessions.isEmpty());
        s.sessions.get(0).sendRaw("Asterisk Call");
        s.sessions.get(0).close();
        assertThat(connecting).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOf(ConnectionLostException.class).withMessageContaining("before the banner");
    }

    @Test
    void loginAnsweredOnlyAfterTheConnectTimeoutFailsTheConnectInTime() throws Exception {
        CountDownLatch late = new CountDownLatch(1);
        ScriptedServer s = new ScriptedServer((a, session) -> {
            if ("Login".equals(a.get("Action"))) {
                CompletableFuture.runAsync(() -> {
                    try {
                        late.await();
                        session.send(withId(a.actionId(), "Response", "Success", "Message", "Authentication accepted"));
                    } catch (InterruptedException | IOException e) {
                        // the client gave up and closed: nothing to answer
                    }
                });
            }
        });
        server = s;
        // The action timeout is long; the connect timeout bounds the whole handshake, login included.
        CompletableFuture<AmiClient> connecting = CompletableFuture.supplyAsync(() -> AmiClient.connect(
                s.config().connectTimeout(SHORT).actionTimeout(Duration.ofSeconds(60)).build()));
        assertThat(connecting).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOf(AmiTimeoutException.class).withMessageContaining("Login");
        late.countDown(); // the late answer finds nobody waiting
        ClientThreads.awaitAtMost(threadsBefore);
    }

    @Test
    void md5LoginAgainstAServerThatRefusesTheChallengeIsAnAuthenticationFailure() throws Exception {
        ScriptedServer s = new ScriptedServer((a, session) -> {
            if ("Challenge".equals(a.get("Action"))) {
                session.send(withId(a.actionId(), "Response", "Error", "Message", "Must specify AuthType"));
            }
        });
        server = s;
        assertThatThrownBy(() -> AmiClient.connect(s.config().authType(AuthType.MD5).build()))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("Challenge")
                .hasMessageContaining("Must specify AuthType").hasMessageNotContaining(ScriptedServer.SECRET);
        assertThat(s.actions).extracting(p -> p.get("Action")).doesNotContain("Login");
    }

    @Test
    void md5ChallengeRefusedOnAReconnectIsALoginFailure() throws Exception {
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        ScriptedServer.Flags flags = new ScriptedServer.Flags();
        ScriptedServer s = new ScriptedServer((a, session) -> {
            String id = a.actionId();
            switch (a.get("Action")) {
                case "Challenge" -> session.send(flags.refuseLogins
                        ? withId(id, "Response", "Error", "Message", "Must specify AuthType")
                        : withId(id, "Response", "Success", "Challenge", "840415273"));
                case "Login" -> session.send(withId(id, "Response", "Success", "Message", "Authentication accepted"));
                default -> session.send(withId(id, "Response", "Success"));
            }
        });
        server = s;
        client = AmiClient.connect(s.config().authType(AuthType.MD5).backoff(Backoff.fixed(Duration.ofMillis(20)))
                .connectionListener(events::add).build());
        flags.refuseLogins = true;
        s.sessions.get(0).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(e -> e.type() == ConnectionEvent.Type.LOGIN_FAILED));
        assertThat(events.stream().filter(e -> e.type() == ConnectionEvent.Type.LOGIN_FAILED).findFirst()
                .orElseThrow().cause()).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Must specify AuthType");
        flags.refuseLogins = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == ConnectionState.READY);
    }
}
