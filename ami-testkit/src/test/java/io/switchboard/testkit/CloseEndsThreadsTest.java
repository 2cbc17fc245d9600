package io.switchboard.testkit;

import io.switchboard.ami.Packet;

import org.junit.jupiter.api.RepeatedTest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link FakeAsterisk#close()} ends every thread the server started (listener, sessions, event flushers, the
 * simulated PBX's loop, the HTTP manager's threads), also with clients still connected and a call still up, and
 * frees the port. Threads end asynchronously once their sockets are closed, so the test awaits the condition.
 */
class CloseEndsThreadsTest {

    @RepeatedTest(2)
    void closeEndsEveryServerThread() throws IOException {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        FakeAsterisk fake = FakeAsterisk.builder().http(true).loginDelay(Duration.ZERO).start();
        int port = fake.port();
        try (AmiTestClient loggedIn = AmiTestClient.login(fake, "admin", "amp111");
             AmiTestClient anonymous = AmiTestClient.connect(fake)) {
            loggedIn.syncEvents();
            Packet queued = loggedIn.request("Action: Originate\r\nActionID: o\r\nChannel: Local/hold@test\r\n"
                    + "Application: Wait\r\nData: 600\r\nAsync: true\r\n\r\n");
            assertThat(queued.get("Message")).isEqualTo("Originate successfully queued");
            loggedIn.nextEvent("OriginateResponse");
            assertThat(http(fake.httpPort(), "/rawman?action=Login&username=admin&secret=amp111"))
                    .contains("Authentication accepted");
            assertThat(fake.awaitSessions(3, AmiTestClient.TIMEOUT)).isTrue();

            fake.close();

            assertThat(loggedIn.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
            assertThat(anonymous.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
        }
        await().atMost(AmiTestClient.TIMEOUT).untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
        try (Socket refused = new Socket()) {
            assertThat(canConnect(refused, port)).as("port %d still listening", port).isFalse();
        }
    }

    /** Threads alive now that were not before, except this test's own client readers and Awaitility's poller. */
    private static List<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && !t.getName().equals("test-client-reader")
                        && !t.getName().startsWith("awaitility"))
                .map(Thread::getName).sorted().toList();
    }

    private static boolean canConnect(Socket socket, int port) {
        try {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A bare HTTP/1.0 GET on a plain socket (no client library threads to tell apart from the server's). */
    private static String http(int port, String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) AmiTestClient.TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
