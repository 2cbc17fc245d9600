package io.switchboard.ami;

import io.switchboard.ami.codec.DecoderLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.switchboard.ami.HttpScriptedServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP transport against servers that misbehave: bodies cut short, endless or not AMI, refusals, a server
 * that is not there, a certificate for another host, a server slower than the action's deadline, a close in
 * the middle of a long poll. Every failure is a typed {@link AmiException} and nothing is left running.
 */
class HttpFaultTest {
    @TempDir
    Path dir;
    private final int threadsBefore = ClientThreads.count();
    private AmiClient client;
    private RawHttpServer raw;
    private HttpScriptedServer scripted;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (scripted != null) {
            scripted.close();
        }
        ClientThreads.awaitAtMost(threadsBefore);
    }

    private static ConnectionLostException lostCause(Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof ConnectionLostException)) {
            t = t.getCause();
        }
        assertThat(t).as("a ConnectionLostException in %s", e).isNotNull();
        return (ConnectionLostException) t;
    }

    @Test
    void anEndlessBodyIsCutAtTheLimitWithAProtocolError() throws Exception {
        raw = new RawHttpServer((r, out) -> {
            if (RawHttpServer.basics(r, out)) {
                return true;
            }
            // Chunked, never ending: small valid event packets as long as the client reads.
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] packet = "Event: Flood\r\nPrivilege: call,all\r\nData: 0123456789abcdef\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = (Integer.toHexString(packet.length * 64) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(chunk);
                for (int i = 0; i < 64; i++) {
                    out.write(packet);
                }
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        });
        client = AmiClient.connect(raw.config().decoderLimits(new DecoderLimits(1024, 100, 64 * 1024)).build());
        assertThatThrownBy(() -> client.send(Action.named("Flood")))
                .isInstanceOf(ConnectionLostException.class)
                .hasRootCauseInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ConnectionLostException) e).outcome())
                        .isEqualTo(ConnectionLostException.Outcome.UNKNOWN));
    }

    @Test
    void anEndlessPacketIsCutAtThePacketLimit() throws Exception {
        raw = new RawHttpServer((r, out) -> {
            if (RawHttpServer.basics(r, out)) {
                return true;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.write("13\r\nResponse: Success\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = ("X: " + "y".repeat(54) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = (Integer.toHexString(line.length * 64) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(chunk);
                for (int i = 0; i < 64; i++) {
                    out.write(line);
                }
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        });
        client = AmiClient.connect(raw.config().decoderLimits(new DecoderLimits(1024, 1_000_000, 64 * 1024)).build());
        assertThatThrownBy(() -> client.send(Action.named("Huge")))
                .isInstanceOf(ConnectionLostException.class)
                .hasRootCauseInstanceOf(ProtocolException.class);
    }

    @Test
    void aBodyCutShortIsALossWithUnknownOutcome() throws Exception {
        raw = new RawHttpServer((r, out) -> {
            if (RawHttpServer.basics(r, out)) {
                return true;
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n"
                    + "Response: Success\r\n" + r.idLine()).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return false;  // close with 450 bytes missing
        });
        client = AmiClient.connect(raw.config().build());
        assertThatThrownBy(() -> client.send(Action.named("Cut")))
                .isInstanceOf(ConnectionLostException.class)
                .satisfies(e -> assertThat(((ConnectionLostException) e).outcome())
                        .isEqualTo(ConnectionLostException.Outcome.UNKNOWN));
    }

    @Test
    void aBodyEndingInsideAPacketIsAProtocolError() throws Exception {
        raw = new RawHttpServer((r, out) -> {
            if (RawHttpServer.basics(r, out)) {
                return true;
            }
            RawHttpServer.ok(out, "Response: Success\r\n" + r.idLine() + "Message: half");
            return true;
        });
        client = AmiClient.connect(raw.config().build());
        assertThatThrownBy(() -> client.send(Action.named("Half")))
                .isInstanceOf(ConnectionLostException.class)
                .hasRootCauseInstanceOf(ProtocolException.class);
    }

    @Test
    void nobodyListeningIsAConnectionLossBeforeAnythingWasSent() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        AmiConfig config = AmiConfig.builder().transport(AmiTransport.HTTP).host("127.0.0.1").port(free)
                .username("admin").secret("x").reconnect(false).build();
        assertThatThrownBy(() -> AmiClient.connect(config)).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("127.0.0.1:" + free);
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "other.example", "10.9.9.9");
        scripted = new HttpScriptedServer(certs.serverContext()).standard(r -> Reply.ok(null, "x"));
        assertThatThrownBy(() -> AmiClient.connect(scripted.config().host("127.0.0.1").tls(certs.clientContext())
                .build())).isInstanceOf(ConnectionLostException.class);
        assertThat(scripted.requests).isEmpty();  // the login never went out
    }

    @Test
    void aServerSlowerThanTheDeadlineTimesTheActionOutAndTheSessionGoesOn() throws Exception {
        CountDownLatch slowArrived = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        scripted = new HttpScriptedServer(null).standard(r -> {
            if (r.action().equals("Slow")) {
                slowArrived.countDown();
                release.get(30, TimeUnit.SECONDS);
            }
            return Reply.ok(null, HttpScriptedServer.success(r, "done " + r.action()));
        });
        client = AmiClient.connect(scripted.config().build());
        CompletableFuture<Response> slow = client.sendAsync(Action.named("Slow").timeout(Duration.ofMillis(100)));
        assertThatThrownBy(() -> slow.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(AmiTimeoutException.class);
        assertThat(slowArrived.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Response> next = client.sendAsync(Action.named("Next"));
        release.complete(null);
        assertThat(next.get(30, TimeUnit.SECONDS).get("Message")).isEqualTo("done Next");
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
    }

    @Test
    void closeDuringALongPollReturnsAndLeavesNoThread() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<Void> never = new CompletableFuture<>();
        scripted = new HttpScriptedServer(null).script(r -> {
            switch (r.action()) {
                case "Login":
                    return Reply.ok("00000001", HttpScriptedServer.success(r, "Authentication accepted"));
                case "WaitEvent":
                    polling.countDown();
                    never.get(60, TimeUnit.SECONDS);  // a poll that outlives the client
                    return null;
                default:
                    // Logoff: never answered either, so close() has only its own deadline to go by
                    never.get(60, TimeUnit.SECONDS);
                    return null;
            }
        });
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        client = AmiClient.connect(scripted.config().closeTimeout(Duration.ofMillis(300)).build());
        assertThat(polling.await(30, TimeUnit.SECONDS)).isTrue();
        client.close();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        client = null;
        ClientThreads.awaitAtMost(threadsBefore);
        // The JDK HTTP client's own threads (selector, workers) end too once the client is unreachable: the
        // cancelled poll must not keep its exchange, and so the client, alive.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("HttpClient-"));
        });
    }

    @Test
    void aValueWithCrOrLfIsRefusedBeforeAnythingIsSent() throws Exception {
        scripted = new HttpScriptedServer(null).standard(r -> Reply.ok(null, HttpScriptedServer.success(r, "ok")));
        client = AmiClient.connect(scripted.config().build());
        int before = scripted.requests.size();
        assertThatThrownBy(() -> client.send(Action.named("UserEvent").header("UserEvent", "x")
                .header("Body", "a\r\nAction: Logoff"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("UserEvent").header("Body\n", "a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();
        assertThat(scripted.requests.subList(before, scripted.requests.size()))
                .extracting(HttpScriptedServer.Request::action).doesNotContain("UserEvent");
    }

    @Test
    void aBodyTooLargeForTheServerFailsThatActionOnly() throws Exception {
        // Asterisk answers 413 to a body over 40960 bytes before the manager sees it: the session is untouched.
        scripted = new HttpScriptedServer(null).standard(r -> r.body().length() > 40960
                ? new Reply(413, null, "<html>413</html>") : Reply.ok(null, HttpScriptedServer.success(r, "ok")));
        client = AmiClient.connect(scripted.config().reconnect(true).build());
        String big = "v".repeat(50_000);
        assertThatThrownBy(() -> client.send(Action.named("UserEvent").header("UserEvent", "big").header("Data", big)))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("413");
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();
        assertThat(scripted.requests).filteredOn(r -> r.action().equals("Login")).hasSize(1);
        assertThat(scripted.requests).filteredOn(r -> r.action().equals("UserEvent")).hasSize(1);
    }

    @Test
    void aPageThatIsNotAmiFailsTheActionAtOnce() throws Exception {
        raw = new RawHttpServer((r, out) -> {
            if (RawHttpServer.basics(r, out)) {
                return true;
            }
            byte[] html = "<html><body><h1>Welcome to the proxy</h1>\r\n\r\n</body></html>\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + html.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(html);
            out.flush();
            return true;
        });
        // The action's deadline is far away: the failure must come from the reply, not from the deadline.
        client = AmiClient.connect(raw.config().actionTimeout(Duration.ofMinutes(5)).build());
        CompletableFuture<Response> reply = client.sendAsync(Action.named("Status"));
        assertThatThrownBy(() -> reply.get(30, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(lostCause(e)).hasRootCauseInstanceOf(ProtocolException.class));
    }

    @Test
    void anActionThatCannotEvenConnectWaitsForTheNextSessionInsteadOfMaybeHavingRun() throws Exception {
        // Every reply closes its connection, so each action needs a new one.
        raw = new RawHttpServer((r, out) -> {
            RawHttpServer.basics(r, out);
            return false;
        });
        int port = raw.port();
        client = AmiClient.connect(raw.config().connectTimeout(Duration.ofSeconds(3)).events("off").build());
        raw.close();
        raw = null;
        // The host is still there but takes no connection: a listener whose accept queue is full drops SYNs
        // (Linux), so connecting times out, as behind a firewall that drops packets.
        try (ServerSocket full = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                java.net.Socket f = new java.net.Socket();
                try {
                    f.connect(full.getLocalSocketAddress(), 200);
                } catch (IOException e) {
                    // the queue is full: what this needs
                }
                fillers.add(f);
            }
            try {
                assertThatThrownBy(() -> client.send(Action.named("UserEvent").header("UserEvent", "x")))
                        .isInstanceOf(ConnectionLostException.class)
                        .satisfies(e -> assertThat(((ConnectionLostException) e).outcome())
                                .isEqualTo(ConnectionLostException.Outcome.NOT_SENT));
            } finally {
                for (java.net.Socket f : fillers) {
                    f.close();
                }
            }
        }
    }
}
