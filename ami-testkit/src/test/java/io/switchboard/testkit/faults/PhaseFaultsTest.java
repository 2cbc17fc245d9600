package io.switchboard.testkit.faults;

import io.switchboard.ami.Packet;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.Faults.Phase;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link io.switchboard.testkit.Faults#dropSessionsAt}: each named phase closes a TCP session exactly there,
 * holds for every session until cleared, and a cleared server behaves normally again.
 */
class PhaseFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";
    private static final String LOGIN =
            "Action: Login\r\nActionID: in\r\nUsername: admin\r\nSecret: amp111\r\nEvents: off\r\n\r\n";
    private static final String ACCEPTED =
            "Response: Success\r\nActionID: in\r\nMessage: Authentication accepted\r\n\r\n";

    private FakeAsterisk fake;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** Sends {@code request} at once and returns every byte the server wrote until it closed the socket. */
    private String untilClosed(String request) throws IOException {
        try (Socket s = new Socket(fake.host(), fake.port())) {
            s.setSoTimeout((int) WAIT.toMillis());  // a server that does not close fails the test, not hangs it
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (java.net.SocketException e) {
                // reset instead of FIN (unread request bytes): the connection is closed all the same
            }
            return out.toString(StandardCharsets.US_ASCII);
        }
    }

    private void assertHealthy() throws IOException {
        String all = untilClosed(LOGIN + "Action: Ping\r\nActionID: p\r\n\r\nAction: Logoff\r\n\r\n");
        assertThat(all).startsWith(BANNER + ACCEPTED).contains("ActionID: p\r\nPing: Pong\r\n")
                .endsWith("Response: Goodbye\r\nMessage: Thanks for all the fish.\r\n\r\n");
    }

    @Test
    void inBannerCutsTheGreetingInHalf() throws IOException {
        fake.faults().dropSessionsAt(Phase.IN_BANNER);
        assertThat(untilClosed("")).isEqualTo("Asterisk Call M");
        assertThat(untilClosed("")).as("holds for every new session").isEqualTo("Asterisk Call M");
        fake.faults().dropSessionsAt(null);
        assertHealthy();
    }

    @Test
    void afterBannerSendsTheWholeGreetingThenCloses() throws IOException {
        fake.faults().dropSessionsAt(Phase.AFTER_BANNER);
        assertThat(untilClosed(LOGIN)).isEqualTo(BANNER);
        fake.faults().clear();
        assertHealthy();
    }

    @Test
    void atLoginReadsTheLoginButNeverAnswers() throws IOException {
        fake.faults().dropSessionsAt(Phase.AT_LOGIN);
        assertThat(untilClosed(LOGIN)).isEqualTo(BANNER);
        Packet login = fake.takeAction(WAIT);
        assertThat(login.get("Action")).isEqualTo("Login");
        assertThat(fake.awaitLoggedIn(0, WAIT)).isTrue();
        fake.faults().clear();
        assertHealthy();
    }

    @Test
    void afterLoginAnswersTheLoginThenCloses() throws IOException {
        fake.faults().dropSessionsAt(Phase.AFTER_LOGIN);
        assertThat(untilClosed(LOGIN + "Action: Ping\r\nActionID: p\r\n\r\n")).isEqualTo(BANNER + ACCEPTED);
        String withEvents = untilClosed(LOGIN.replace("Events: off\r\n", ""));
        assertThat(withEvents).as("FullyBooted still arrives, as it belongs to the login")
                .startsWith(BANNER + ACCEPTED + "Event: FullyBooted\r\n").endsWith("Status: Fully Booted\r\n\r\n");
        assertThat(fake.awaitSessions(0, WAIT)).isTrue();
        fake.faults().clear();
        assertHealthy();
    }

    @Test
    void midReplyCutsTheFirstPacketOfAnActionsReply() throws IOException {
        fake.faults().dropSessionsAt(Phase.MID_REPLY);
        String ping = "Response: Success\r\nActionID: p\r\nPing: Pong\r\n";
        String all = untilClosed(LOGIN + "Action: Events\r\nActionID: e\r\nEventMask: off\r\n\r\n"
                + "Action: Ping\r\nActionID: p\r\n\r\nAction: Ping\r\nActionID: never\r\n\r\n");
        String events = "Response: Success\r\nActionID: e\r\nEvents: Off\r\n\r\n";
        assertThat(all).as("login and session actions are not cut").startsWith(BANNER + ACCEPTED + events);
        String cut = all.substring((BANNER + ACCEPTED + events).length());
        assertThat(cut).isNotEmpty();
        assertThat(ping).startsWith(cut);
        assertThat(cut.length()).isLessThan(ping.length());

        String list = untilClosed(LOGIN + "Action: CoreShowChannels\r\nActionID: l\r\n\r\n");
        assertThat(list).startsWith(BANNER + ACCEPTED + "Response: Succ").doesNotContain("EventList: start");
        fake.faults().clear();
        assertHealthy();
    }
}
