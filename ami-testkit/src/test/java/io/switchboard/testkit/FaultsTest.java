package io.switchboard.testkit;

import io.switchboard.ami.Packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsTest {
    private static final Packet HANGUP = Packet.of("Event", "Hangup", "Privilege", "call,all",
            "Channel", "PJSIP/alice-00000001", "Cause", "16");
    /** How long a test watches for something that must not happen. */
    private static final Duration QUIET = Duration.ofMillis(200);

    private FakeAsterisk fake;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private AmiTestClient admin() {
        AmiTestClient c = AmiTestClient.login(fake, "admin", "amp111");
        c.syncEvents();
        while (fake.takeAction(Duration.ZERO) != null) {
            // forget the login and sync requests
        }
        return c;
    }

    @Test
    void closeAfterBytesCutsThePacketInTheMiddle() {
        try (AmiTestClient c = admin()) {
            int before = c.rawBytes().length;
            fake.faults().closeAfterBytes(10);
            fake.pushEvent(HANGUP);
            byte[] all = c.readAllUntilClosed();
            assertThat(all.length - before).isEqualTo(10);
            assertThat(new String(all, before, 10, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("Event: Han");
            assertThat(c.readFailure()).as("the stream ended inside a packet")
                    .isInstanceOf(io.switchboard.ami.ProtocolException.class);
            assertThat(fake.awaitSessions(0, AmiTestClient.TIMEOUT)).isTrue();
        }
        try (AmiTestClient again = admin()) {
            fake.pushEvent(HANGUP);
            assertThat(again.nextEvent("Hangup")).as("new sessions are not affected").isEqualTo(HANGUP);
        }
    }

    @Test
    void closeNewSessionsAfterBytesCanCutTheBanner() {
        fake.faults().closeNewSessionsAfterBytes(15);
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            assertThat(c.readAllUntilClosed()).asString().isEqualTo("Asterisk Call M");
        }
        fake.faults().closeNewSessionsAfterBytes(-1);
        try (AmiTestClient c = admin()) {
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void stalledWritesHoldRepliesUntilReleased() {
        try (AmiTestClient c = admin()) {
            fake.faults().stallWrites();
            c.send("Action: Ping\r\nActionID: s\r\n\r\n");
            assertThat(fake.takeAction(AmiTestClient.TIMEOUT).actionId()).as("the request was read").isEqualTo("s");
            assertThat(c.poll(QUIET)).as("but not answered").isEmpty();
            fake.faults().release();
            assertThat(c.nextResponse().actionId()).isEqualTo("s");
        }
    }

    @Test
    void stalledReadsLeaveRequestsUnanswered() {
        try (AmiTestClient c = admin()) {
            fake.faults().stallReads();
            c.send("Action: Ping\r\nActionID: r\r\n\r\n");
            assertThat(fake.takeAction(QUIET)).isNull();
            fake.faults().release();
            assertThat(c.nextResponse().actionId()).isEqualTo("r");
            assertThat(fake.takeAction(AmiTestClient.TIMEOUT).actionId()).isEqualTo("r");
        }
    }

    @Test
    void timedStallEndsByItself() {
        try (AmiTestClient c = admin()) {
            long start = System.nanoTime();
            fake.faults().stallFor(QUIET);
            c.send("Action: Ping\r\nActionID: t\r\n\r\n");
            assertThat(c.nextResponse().actionId()).isEqualTo("t");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(QUIET);
        }
    }

    @Test
    void splitWritesStillDeliverEveryByte() {
        fake.faults().splitWritesEvery(1);
        try (AmiTestClient c = admin()) {
            assertThat(c.request("Action: Ping\r\nActionID: one-byte\r\n\r\n").actionId()).isEqualTo("one-byte");
            fake.faults().splitWritesEvery(0).splitWritesAt(1, 9, 10, 500);
            fake.pushEvent(HANGUP);
            assertThat(c.nextEvent("Hangup")).isEqualTo(HANGUP);
            assertThat(c.rawText()).startsWith("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: login\r\n");
        }
    }

    @Test
    void injectedBytesArriveBetweenPackets() {
        try (AmiTestClient c = admin()) {
            fake.faults().inject("Event: Injected\r\nX: 1\r\n\r\n");
            assertThat(c.nextEvent("Injected").get("X")).isEqualTo("1");
            fake.faults().inject(new byte[] {'\r', '\n'});  // a stray blank line: clients must skip it
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void dropAllSessionsClosesEveryClientButKeepsListening() {
        try (AmiTestClient a = admin(); AmiTestClient b = AmiTestClient.connect(fake)) {
            assertThat(fake.awaitSessions(2, AmiTestClient.TIMEOUT)).isTrue();
            assertThat(fake.loggedInCount()).isEqualTo(1);
            fake.dropAllSessions();
            assertThat(a.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
            assertThat(b.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
            assertThat(fake.awaitSessions(0, AmiTestClient.TIMEOUT)).isTrue();
        }
        try (AmiTestClient c = admin()) {
            assertThat(fake.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void stopRefusesConnectionsAndRestartListensOnTheSamePort() throws IOException {
        int port = fake.port();
        try (AmiTestClient c = admin()) {
            fake.stop();
            assertThat(fake.isRunning()).isFalse();
            assertThat(c.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
            assertThatThrownBy(() -> new Socket(fake.host(), port).close()).isInstanceOf(ConnectException.class);
        }
        fake.restart();
        assertThat(fake.port()).isEqualTo(port);
        try (AmiTestClient c = admin()) {
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).isEqualTo("Pong");
            fake.restart();
            assertThat(c.awaitClosed(AmiTestClient.TIMEOUT)).as("a running server drops its sessions").isTrue();
        }
        try (AmiTestClient c = admin()) {
            assertThat(fake.port()).isEqualTo(port);
        }
    }

    @Test
    void clearUndoesEverySwitch() {
        fake.faults().stallWrites().refuseLogins(true).splitWritesEvery(3).closeNewSessionsAfterBytes(5).clear();
        try (AmiTestClient c = admin()) {
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).isEqualTo("Pong");
        }
    }
}
