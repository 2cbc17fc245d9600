package io.switchboard.testkit;

import io.switchboard.ami.Packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ActionsTest {
    private FakeAsterisk fake;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder()
                .loginDelay(Duration.ZERO)
                .commandOutput("sip show peers", List.of("Name/username  Host", "", "0 sip peers"))
                .commandOutput("core  show   VERSION", List.of("Asterisk 22.10.1 scripted"))
                .commandOutput("silent", List.of())
                .start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private AmiTestClient admin() {
        AmiTestClient c = AmiTestClient.login(fake, "admin", "amp111");
        c.syncEvents();
        return c;
    }

    private static List<String> lines(Packet p) {
        return p.headers().stream().map(h -> h.key() + ": " + h.value()).toList();
    }

    @Test
    void unknownActionIsAnErrorPlusRequestBadFormatForSecurityReaders() {
        try (AmiTestClient c = admin(); AmiTestClient watcher = admin()) {
            c.syncEvents();
            Packet r = c.request("Action: FooBar\r\nActionID: 7\r\n\r\n");
            assertThat(lines(r)).containsExactly("Response: Error", "ActionID: 7",
                    "Message: Invalid/unknown command: FooBar. Use Action: ListCommands to show available commands.");
            Packet bad = c.next();
            assertThat(bad.name()).isEqualTo("RequestBadFormat");
            assertThat(bad.get("RequestType")).isEqualTo("Action: FooBar");
            assertThat(bad.get("AccountID")).isEqualTo("admin");
            assertThat(watcher.nextEvent("RequestBadFormat").get("SessionID")).isEqualTo(bad.get("SessionID"));
        }
    }

    @Test
    void missingOrEmptyActionIsAnError() {
        try (AmiTestClient c = admin()) {
            for (String request : new String[] {"ActionID: m1\r\nFoo: bar\r\n\r\n", "Action: \r\nActionID: m1\r\n\r\n",
                    "ActionID: m1\r\nno colon here\r\n\r\n"}) {
                Packet r = c.request(request);
                assertThat(lines(r)).containsExactly("Response: Error", "ActionID: m1",
                        "Message: Missing action in request");
                assertThat(c.next().get("RequestType")).isEqualTo("Action: NONE");
            }
        }
    }

    @Test
    void actionNamesAreCaseInsensitiveAndTheFirstNonEmptyActionWins() {
        try (AmiTestClient c = admin()) {
            assertThat(c.request("Action: PING\r\n\r\n").get("Ping")).isEqualTo("Pong");
            assertThat(c.request("Action: \r\naction:ping\r\n\r\n").get("Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void pingEchoesActionIdOnlyWhenNonEmpty() {
        try (AmiTestClient c = admin()) {
            Packet with = c.request("Action: Ping\r\nActionID: abc\r\n\r\n");
            assertThat(with.key(1)).isEqualTo("ActionID");
            assertThat(with.get("Timestamp")).matches("[0-9]+\\.[0-9]{6}");
            Packet empty = c.request("Action: Ping\r\nActionID: \r\n\r\n");
            assertThat(lines(empty)).hasSize(3).doesNotContain("ActionID: ");
        }
    }

    @Test
    void commandUsesScriptedOutputsFirst() {
        try (AmiTestClient c = admin()) {
            Packet peers = c.request("Action: Command\r\nActionID: c1\r\nCommand: sip  show peers\r\n\r\n");
            assertThat(lines(peers)).containsExactly("Response: Success", "ActionID: c1",
                    "Message: Command output follows", "Output: Name/username  Host", "Output: ", "Output: 0 sip peers");
            assertThat(c.request("Action: Command\r\nCommand: core show version\r\n\r\n").getAll("Output"))
                    .containsExactly("Asterisk 22.10.1 scripted");
            assertThat(c.request("Action: Command\r\nCommand: silent\r\n\r\n").getAll("Output"))
                    .as("empty output still gives one empty Output line").containsExactly("");
        }
    }

    @Test
    void commandBuiltInsAndErrors() {
        try (AmiTestClient c = admin()) {
            assertThat(c.request("Action: Command\r\nCommand: core show uptime\r\n\r\n").getAll("Output"))
                    .hasSize(2).allMatch(l -> l.matches("(System uptime|Last reload): [0-9]+ seconds?.*"));
            Packet unknown = c.request("Action: Command\r\nCommand: core show nothing\r\n\r\n");
            assertThat(unknown.get("Response")).isEqualTo("Error");
            assertThat(unknown.get("Message")).isEqualTo("Command output follows");
            assertThat(unknown.get("Output")).isEqualTo(
                    "No such command 'core show nothing' (type 'core show help core show nothing' for other possible commands)");
            assertThat(c.request("Action: Command\r\n\r\n").get("Message")).isEqualTo("No command provided");
            assertThat(c.request("Action: Command\r\nCommand: module unload chan_pjsip.so\r\n\r\n").get("Message"))
                    .isEqualTo("Command blacklisted");
        }
    }

    @Test
    void listCommandsListsTheLabServersActions() {
        try (AmiTestClient c = admin()) {
            Packet r = c.request("Action: ListCommands\r\nActionID: l\r\n\r\n");
            assertThat(r.get("Ping")).isEqualTo("Keepalive command.  (Priv: <none>)");
            assertThat(r.get("Originate")).endsWith("(Priv: originate,all)");
            assertThat(r.size()).isGreaterThan(100);
        }
    }

    @Test
    void oversizedRequestsAreRejectedLikeAsterisk() {
        try (AmiTestClient c = admin()) {
            StringBuilder many = new StringBuilder("Action: Ping\r\nActionID: big\r\n");
            for (int i = 0; i < 130; i++) {
                many.append("X").append(i).append(": y\r\n");
            }
            assertThat(c.request(many + "\r\n").get("Message"))
                    .isEqualTo("Too many lines in message or allocation failure");
            Packet tooLong = c.request("Action: Ping\r\nActionID: long\r\nX: " + "y".repeat(1100) + "\r\n\r\n");
            assertThat(lines(tooLong)).containsExactly("Response: Error", "ActionID: long",
                    "Message: Failed to parse message: line too long");
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).as("and carries on").isEqualTo("Pong");
        }
    }

    @Test
    void takeActionReturnsEveryRequestInOrder() {
        try (AmiTestClient c = admin()) {
            c.request("Action: Ping\r\nActionID: t1\r\n\r\n");
            assertThat(fake.takeAction(AmiTestClient.TIMEOUT).get("Action")).isEqualTo("Login");
            assertThat(fake.takeAction(AmiTestClient.TIMEOUT).actionId()).startsWith("sync-a");
            assertThat(fake.takeAction(AmiTestClient.TIMEOUT).actionId()).startsWith("sync-b");
            assertThat(fake.takeAction(AmiTestClient.TIMEOUT).actionId()).isEqualTo("t1");
            assertThat(fake.takeAction(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void logoffSaysGoodbyeAndCloses() {
        try (AmiTestClient c = admin()) {
            assertThat(lines(c.request("Action: Logoff\r\nActionID: bye\r\n\r\n"))).containsExactly(
                    "Response: Goodbye", "ActionID: bye", "Message: Thanks for all the fish.");
            assertThat(c.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
            assertThat(fake.awaitSessions(0, AmiTestClient.TIMEOUT)).isTrue();
        }
    }
}
