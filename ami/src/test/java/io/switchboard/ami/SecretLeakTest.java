package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The secret (and the MD5 key derived from it) must appear in no log line, no exception (message, cause chain or
 * stack trace text) and no {@code toString()}, along the paths where a login goes wrong: refused at connect,
 * refused on reconnects, and an MD5 login refused.
 */
class SecretLeakTest {
    private static final String SECRET = ScriptedServer.SECRET;

    private ScriptedServer server;
    private AmiClient client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String everything(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void aRefusedLoginLeaksTheSecretNowhere() throws Exception {
        ScriptedServer.Flags flags = new ScriptedServer.Flags();
        flags.refuseLogins = true;
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> { }, flags));
        try (LogCapture log = new LogCapture()) {
            Throwable refused = catchThrowable(() -> AmiClient.connect(server.config().build()));
            assertThat(refused).isInstanceOf(AuthenticationException.class);
            assertThat(everything(refused)).doesNotContain(SECRET).contains("admin");
            assertThat(log.text()).doesNotContain(SECRET);
        }
        assertThat(server.actions).extracting(p -> p.toString()).allSatisfy(t -> assertThat(t).doesNotContain(SECRET));
    }

    @Test
    void loginFailuresOnReconnectLeakTheSecretNowhere() throws Exception {
        ScriptedServer.Flags flags = new ScriptedServer.Flags();
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> s.send(withId(a.actionId(), "Response",
                "Success")), flags));
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (LogCapture log = new LogCapture()) {
            client = AmiClient.connect(server.config().backoff(Backoff.fixed(Duration.ofMillis(10)))
                    .connectionListener(events::add).build());
            flags.refuseLogins = true;
            server.sessions.get(0).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .filter(e -> e.type() == ConnectionEvent.Type.LOGIN_FAILED).count() >= 2);
            client.close();
            for (ConnectionEvent e : events) {
                assertThat(e.toString()).doesNotContain(SECRET);
                if (e.cause() != null) {
                    assertThat(everything(e.cause())).doesNotContain(SECRET);
                }
            }
            assertThat(log.text()).contains("Reconnect attempt").doesNotContain(SECRET);
            assertThat(client.toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void md5LoginFailuresLeakNeitherTheSecretNorTheKey() throws Exception {
        server = new ScriptedServer((a, s) -> {
            String id = a.actionId();
            switch (a.get("Action")) {
                case "Challenge" -> s.send(withId(id, "Response", "Success", "Challenge", "840415273"));
                case "Login" -> s.send(withId(id, "Response", "Error", "Message", "Authentication failed"));
                default -> s.send(withId(id, "Response", "Success"));
            }
        });
        try (LogCapture log = new LogCapture()) {
            Throwable refused = catchThrowable(() -> AmiClient.connect(server.config().authType(AuthType.MD5).build()));
            assertThat(refused).isInstanceOf(AuthenticationException.class);
            Packet login = server.actions.stream().filter(p -> "Login".equals(p.get("Action"))).findFirst()
                    .orElseThrow();
            String key = login.get("Key");
            assertThat(key).hasSize(32);
            assertThat(everything(refused)).doesNotContain(SECRET).doesNotContain(key);
            assertThat(login.toString()).doesNotContain(key);
            assertThat(log.text()).doesNotContain(SECRET).doesNotContain(key);
        }
    }
}
