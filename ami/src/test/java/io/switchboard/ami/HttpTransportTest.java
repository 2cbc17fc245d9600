package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.switchboard.ami.HttpScriptedServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The HTTP transport against a scripted {@code /rawman} server: wire shape, session loss, TLS, secrets. */
class HttpTransportTest {
    private static final String TRANSPORT_LOGGER = "io.switchboard.ami.internal.HttpTransport";

    static {
        // slf4j-simple reads a logger's level when the logger is created: ask for the transport's trace lines
        // (they print every action) before the class is first used, so the secret test sees them too.
        System.setProperty("org.slf4j.simpleLogger.log." + TRANSPORT_LOGGER, "trace");
    }

    @TempDir
    Path dir;
    private HttpScriptedServer server;
    private AmiClient client;
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Reply pingOrSuccess(HttpScriptedServer.Request r) {
        if (r.action().equalsIgnoreCase("Ping")) {
            return Reply.ok(null, "Response: Success\r\n" + r.idLine() + "Ping: Pong\r\nTimestamp: 1.000000\r\n\r\n");
        }
        return Reply.ok(null, HttpScriptedServer.success(r, "done"));
    }

    private void standardServer() throws Exception {
        server = new HttpScriptedServer(null).standard(HttpTransportTest::pingOrSuccess);
    }

    @Test
    void everyActionIsAPostedFormAndTheCookieComesBack() throws Exception {
        standardServer();
        client = AmiClient.connect(server.config().build());
        assertThat(client.send(Action.named("Ping")).get("Ping")).isEqualTo("Pong");
        client.close();
        client = null;

        List<HttpScriptedServer.Request> actions = server.requests.stream()
                .filter(r -> !r.action().equals("WaitEvent")).toList();
        assertThat(actions).extracting(HttpScriptedServer.Request::action).containsExactly("Login", "Ping", "Logoff");
        assertThat(server.requests).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/rawman");
            assertThat(r.query()).isNull();  // nothing, least of all the secret, in the URL
            assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded");
        });
        HttpScriptedServer.Request login = actions.get(0);
        assertThat(login.cookie()).isNull();
        assertThat(login.body()).matches("Action=Login&ActionID=[^&]+&Username=admin&Secret=s3cret-http");
        assertThat(actions.get(1).cookie()).isEqualTo("mansession_id=\"00000001\"");
        assertThat(server.requests).filteredOn(r -> r.action().equals("WaitEvent")).allSatisfy(r -> {
            assertThat(r.get("Timeout")).isEqualTo("20");
            assertThat(r.cookie()).isEqualTo("mansession_id=\"00000001\"");
        });
    }

    @Test
    void eventsComeFromWaitEventAndItsOwnPacketsStayHidden() throws Exception {
        standardServer();
        List<Event> seen = new CopyOnWriteArrayList<>();
        client = AmiClient.connect(server.config().build(), c -> c.onAny(seen::add));
        server.events.add("Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/a-1\r\n\r\n");
        server.events.add("Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/b-2\r\n\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
        assertThat(seen).extracting(e -> e.get("Channel")).containsExactly("PJSIP/a-1", "PJSIP/b-2");
    }

    @Test
    void aSessionTheServerForgotIsReplacedAndTheUnrunActionIsSentAgain() throws Exception {
        AtomicBoolean forget = new AtomicBoolean(true);
        server = new HttpScriptedServer(null).standard(req -> {
            if (req.action().equals("UserEvent") && forget.getAndSet(false)) {
                // Asterisk no longer knows the cookie: a fresh, unauthenticated session answers.
                return Reply.ok("0000abcd", "Response: Error\r\n" + req.idLine() + "Message: Permission denied\r\n\r\n");
            }
            return pingOrSuccess(req);
        });
        client = AmiClient.connect(server.config().reconnect(true).backoff(Backoff.fixed(Duration.ofMillis(10)))
                .connectionListener(events::add).build());
        // UserEvent is not safe to resend in general; here it surely never ran, so it goes out again.
        Response r = client.send(Action.named("UserEvent").header("UserEvent", "once"));
        assertThat(r.isSuccess()).isTrue();
        assertThat(server.requests).filteredOn(q -> q.action().equals("Login")).hasSize(2);
        assertThat(server.requests).filteredOn(q -> q.action().equals("UserEvent")).hasSize(2);
        ConnectionEvent lost = events.stream().filter(e -> e.type() == ConnectionEvent.Type.LOST).findFirst()
                .orElseThrow();
        assertThat(lost.cause()).hasMessageContaining("expired or was destroyed");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(e -> e.type() == ConnectionEvent.Type.RESTORED));
    }

    @Test
    void anHttpErrorStatusEndsTheSession() throws Exception {
        server = new HttpScriptedServer(null).standard(req -> new Reply(503, null, "busy"));
        client = AmiClient.connect(server.config().connectionListener(events::add).build());
        assertThatThrownBy(() -> client.send(Action.named("Hangup").header("Channel", "x")))
                .isInstanceOf(ConnectionLostException.class)
                .satisfies(e -> assertThat(((ConnectionLostException) e).outcome())
                        .isEqualTo(ConnectionLostException.Outcome.UNKNOWN))
                .hasMessageContaining("HTTP 503");
        assertThat(events).extracting(ConnectionEvent::type).contains(ConnectionEvent.Type.LOST);
    }

    @Test
    void wrongPathIsReportedAtConnect() throws Exception {
        standardServer();
        assertThatThrownBy(() -> AmiClient.connect(server.config().httpPath("/asterisk/rawman").build()))
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("HTTP 404");
        assertThat(server.requests).extracting(HttpScriptedServer.Request::path).contains("/asterisk/rawman");
    }

    @Test
    void theSecretAppearsInNoLogLineAndNoExceptionMessage() throws Exception {
        String secret = "Sup3r-Secret-Value";
        List<Throwable> errors = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            standardServer();
            // wrong secret: refused login
            errors.add(catchThrowable(() -> AmiClient.connect(server.config().secret(secret).build())));
            // MD5 against a server that knows no Challenge: the key is derived from the secret
            errors.add(catchThrowable(() -> AmiClient.connect(server.config().secret(secret)
                    .authType(AuthType.MD5).build())));
            // a session that works, then breaks with a server error
            HttpScriptedServer failing = new HttpScriptedServer(null).standard(q -> new Reply(500, null,
                    "boom " + q.body()));
            try (AmiClient c = AmiClient.connect(failing.config().secret(HttpScriptedServer.SECRET).build())) {
                errors.add(catchThrowable(() -> c.send(Action.named("Login").header("Secret", secret))));
            } finally {
                failing.close();
            }
            // nobody listening
            int free;
            try (ServerSocket s = new ServerSocket(0)) {
                free = s.getLocalPort();
            }
            errors.add(catchThrowable(() -> AmiClient.connect(server.config().port(free).secret(secret).build())));
        } finally {
            System.setErr(original);
        }
        assertThat(errors).allSatisfy(e -> assertThat(e).isNotNull());
        for (Throwable e : errors) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                assertThat(String.valueOf(c)).doesNotContain(secret);
            }
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).doesNotContain(secret);
        if (LoggerFactory.getLogger(TRANSPORT_LOGGER).isTraceEnabled()) {
            assertThat(log).contains("> Action{Login");  // the lines were there, masked
        }
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowable(call);
    }

    @Test
    void httpsWithHostnameVerification() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "localhost", "127.0.0.1");
        server = new HttpScriptedServer(certs.serverContext()).standard(HttpTransportTest::pingOrSuccess);
        client = AmiClient.connect(server.config().host("localhost").tls(certs.clientContext()).build());
        assertThat(client.send(Action.named("Ping")).get("Ping")).isEqualTo("Pong");
    }

    @Test
    void turningHostnameVerificationOffIsRefusedWithTheReason() throws Exception {
        AmiConfig config = AmiConfig.builder().transport(AmiTransport.HTTP).host("127.0.0.1").port(1)
                .username("admin").secret("x").tls(SSLContext.getDefault()).hostnameVerification(false).build();
        assertThatThrownBy(() -> AmiClient.connect(config)).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("hostnameVerification(false)");
    }

    @Test
    void aSlowActionDoesNotDelayTheCloseForever() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> slowArrived = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean slowAnswered = new java.util.concurrent.atomic.AtomicBoolean();
        server = new HttpScriptedServer(null).standard(req -> {
            if (req.action().equals("Slow")) {
                slowArrived.complete(null);
                try {
                    release.get(60, TimeUnit.SECONDS); // held until the test releases it, after close() returned
                } finally {
                    slowAnswered.set(true);
                }
            }
            return pingOrSuccess(req);
        });
        client = AmiClient.connect(server.config().closeTimeout(Duration.ofMillis(200)).build());
        CompletableFuture<Response> slow = client.sendAsync(Action.named("Slow"));
        slowArrived.get(10, TimeUnit.SECONDS);
        client.close();
        // Ordering, not timing: close() came back while the server still held the Slow request unanswered.
        assertThat(slowAnswered).as("close() waited for the slow action's answer").isFalse();
        assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionLostException.class);
        release.complete(null);
        client = null;
    }
}
