package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.ami.Packet;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.FakeAsteriskExtension;
import io.switchboard.testkit.pbx.SimulatedPbx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code switchboard action} against a FakeAsterisk: output forms, lists, Command output, errors, secrets. */
class ActionCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = FakeAsterisk.DEFAULT_SECRET;

    @RegisterExtension
    static final FakeAsteriskExtension FAKE = new FakeAsteriskExtension(b -> b
            .commandOutput("switchboard test", List.of("first line", "second: with a colon", "  indented")));

    @TempDir
    Path dir;

    @AfterEach
    void noCallsLeft() {
        pbx().hangupAll();
    }

    private static SimulatedPbx pbx() {
        return (SimulatedPbx) FAKE.server().callEngine().orElseThrow();
    }

    /** {@code action --port P --user admin ARGS...} with the secret in the (substituted) environment. */
    private static CliRun action(String secret, String... args) {
        List<String> all = new ArrayList<>(List.of("action", "--port", Integer.toString(FAKE.port()),
                "--user", FakeAsterisk.DEFAULT_USERNAME));
        all.addAll(Arrays.asList(args));
        return CliRun.withSecret(secret, all.toArray(String[]::new));
    }

    @Test
    void pingAsText() {
        CliRun r = action(SECRET, "Ping");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Response: Success\nActionID: ").contains("\nPing: Pong\nTimestamp: ")
                .endsWith("\n\n");
        assertThat(r.out().split("\n\n")).hasSize(1);
    }

    @Test
    void pingAsJson() throws Exception {
        CliRun r = action(SECRET, "--json", "Ping");
        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).hasSize(1);
        JsonNode node = JSON.readTree(r.outLines()[0]);
        assertThat(node.get("type").asText()).isEqualTo("response");
        assertThat(node.get("name").asText()).isEqualTo("Success");
        assertThat(node.get("headers").get(0).toString()).isEqualTo("[\"Response\",\"Success\"]");
        assertThat(node.get("headers").get(1).get(0).asText()).isEqualTo("ActionID");
        assertThat(node.get("headers").get(2).toString()).isEqualTo("[\"Ping\",\"Pong\"]");
    }

    @Test
    void errorResponseExitsWithOneAndPrintsTheMessage() {
        CliRun r = action(SECRET, "Hangup", "Channel=nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).startsWith("Response: Error\n").contains("Message: No such channel\n");
        assertThat(r.err()).isEqualTo("switchboard action: Hangup failed: No such channel\n");

        CliRun json = action(SECRET, "--json", "Hangup", "Channel=nope");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.outLines()).hasSize(1);
        assertThat(json.outLines()[0]).startsWith("{\"type\":\"response\",\"name\":\"Error\",")
                .contains("[\"Message\",\"No such channel\"]");
    }

    @Test
    void listActionPrintsEveryItemAndTheCompleteEvent() throws Exception {
        pbx().cliOriginate("Local/wait@test", "Wait", "30");
        await().atMost(Duration.ofSeconds(10)).until(() -> pbx().channels().size() == 2);

        CliRun r = action(SECRET, "CoreShowChannels");
        assertThat(r.exitCode()).isZero();
        String[] blocks = r.out().split("\n\n");
        assertThat(blocks).hasSize(4);
        assertThat(blocks[0]).startsWith("Response: Success\n").contains("EventList: start");
        assertThat(blocks[1]).startsWith("Event: CoreShowChannel\n").contains("Channel: Local/wait@test-");
        assertThat(blocks[2]).startsWith("Event: CoreShowChannel\n");
        assertThat(blocks[3]).startsWith("Event: CoreShowChannelsComplete\n").contains("ListItems: 2");

        CliRun json = action(SECRET, "--json", "CoreShowChannels");
        assertThat(json.exitCode()).isZero();
        assertThat(Arrays.stream(json.outLines()).map(ActionCommandTest::typeAndName))
                .containsExactly("response Success", "event CoreShowChannel", "event CoreShowChannel",
                        "event CoreShowChannelsComplete");
    }

    @Test
    void emptyListStillEndsWithTheCompleteEvent() {
        CliRun r = action(SECRET, "CoreShowChannels");
        assertThat(r.exitCode()).isZero();
        String[] blocks = r.out().split("\n\n");
        assertThat(blocks).hasSize(2);
        assertThat(blocks[1]).contains("Event: CoreShowChannelsComplete", "ListItems: 0");
    }

    @Test
    void commandOutputIsPrintedAsPlainLines() {
        CliRun r = action(SECRET, "Command", "Command=switchboard test");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).matches("(?s)Response: Success\nActionID: [^\n]+\nMessage: Command output follows\n\n"
                + "first line\nsecond: with a colon\n  indented\n");

        CliRun uptime = action(SECRET, "Command", "Command=core show uptime");
        assertThat(uptime.exitCode()).isZero();
        assertThat(uptime.out()).contains("\n\nSystem uptime: ").contains("\nLast reload: ").doesNotContain("Output:");

        CliRun json = action(SECRET, "--json", "Command", "Command=switchboard test");
        assertThat(json.outLines()).hasSize(1);
        assertThat(json.outLines()[0]).contains("[\"Output\",\"first line\"],[\"Output\",\"second: with a colon\"]");
    }

    @Test
    void argumentsAreSplitAtTheFirstEqualsSignAndKeysMayRepeat() {
        drainActions();
        CliRun r = action(SECRET, "UserEvent", "UserEvent=Probe", "Variable=A=1", "Variable=B=2", "Data==x=",
                "Empty=");
        assertThat(r.exitCode()).isZero();
        Packet sent = takeAction("UserEvent");
        assertThat(sent.getAll("Variable")).containsExactly("A=1", "B=2");
        assertThat(sent.get("Data")).isEqualTo("=x=");
        assertThat(sent.get("Empty")).isEmpty();
    }

    @Test
    void ownActionIdIsUsed() {
        CliRun r = action(SECRET, "Ping", "ActionID=mine-1");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Response: Success\nActionID: mine-1\n");
    }

    @Test
    void malformedArgumentsAreUsageErrors() {
        for (String bad : new String[] {"NoEquals", "=value", "Action=Logoff"}) {
            CliRun r = action(SECRET, "Ping", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err()).startsWith("switchboard action: ").endsWith("(see 'switchboard action --help')\n")
                    .doesNotContain("Usage:");
            assertThat(r.err().lines()).hasSize(1);
            assertThat(r.out()).isEmpty();
        }
        CliRun r = action(SECRET, "Ping");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void wrongSecretExitsWithTwoAndNeverShowsTheSecret() {
        String wrong = "Wr0ng-Secret-4711";
        CliRun r = action(wrong, "Ping");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("switchboard action: ").contains("refused", "Authentication failed")
                .doesNotContain(wrong);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();

        CliRun md5 = action(wrong, "--md5", "Ping");
        assertThat(md5.exitCode()).isEqualTo(2);
        assertThat(md5.err()).contains("Authentication failed").doesNotContain(wrong);
    }

    @Test
    void md5LoginWorks() {
        CliRun r = action(SECRET, "--md5", "Ping");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Ping: Pong");
    }

    @Test
    void missingSecretIsAClearError() {
        CliRun r = action(null, "Ping");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("switchboard action: no AMI secret: set SWITCHBOARD_SECRET or give "
                + "--secret-file FILE (a secret is never accepted on the command line)\n");
        assertThat(r.out()).isEmpty();
        assertThat(action("", "Ping").exitCode()).isEqualTo(2);
    }

    @Test
    void thereIsNoSecretOption() {
        for (String[] args : new String[][] {{"--secret", SECRET, "Ping"}, {"--secret=" + SECRET, "Ping"},
                {"--password", SECRET, "Ping"}, {"Ping", "--pass=" + SECRET}}) {
            CliRun r = action(SECRET, args);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("switchboard action: a secret is never accepted on the command line (ps "
                    + "and the shell history would show it): set SWITCHBOARD_SECRET or give --secret-file FILE "
                    + "(see 'switchboard action --help')\n").doesNotContain(SECRET);
            assertThat(r.out()).isEmpty();
        }
        CliRun help = CliRun.run("action", "--help");
        assertThat(help.out()).contains("--secret-file", "SWITCHBOARD_SECRET", "Exit codes:", "Response: Error")
                .doesNotContain("--secret=", "--secret ");
    }

    @Test
    void secretFromFileFirstLineTrimmed() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "  " + SECRET + "  \nsecond line is ignored\n", StandardCharsets.UTF_8);
        CliRun r = action("not-this-one", "--secret-file", file.toString(), "Ping");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Ping: Pong");

        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        CliRun e = action(SECRET, "--secret-file", empty.toString(), "Ping");
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.err()).contains("is empty");

        CliRun missing = action(SECRET, "--secret-file", dir.resolve("nope").toString(), "Ping");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void connectionRefusedExitsWithTwo() {
        int port;
        try (FakeAsterisk gone = FakeAsterisk.builder().start()) {
            port = gone.port();
        }
        CliRun r = CliRun.withSecret(SECRET, "action", "--port", Integer.toString(port), "--user", "admin", "Ping");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("switchboard action: cannot connect to 127.0.0.1:" + port + ": ");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void noAnswerInTimeExitsWithTwo() {
        FAKE.server().faults().stallReads();
        CliRun r = action(SECRET, "--timeout", "0.3", "Ping");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("switchboard action: no answer from 127.0.0.1:" + FAKE.port()
                + " within 0.3 s while connecting and logging in\n");
    }

    private static void drainActions() {
        while (FAKE.server().takeAction(Duration.ZERO) != null) {
            // drop requests of earlier tests
        }
    }

    private static Packet takeAction(String name) {
        for (Packet p = FAKE.server().takeAction(Duration.ofSeconds(5)); p != null;
             p = FAKE.server().takeAction(Duration.ofSeconds(5))) {
            if (name.equalsIgnoreCase(p.get("Action"))) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " action received");
    }

    private static String typeAndName(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n.get("type").asText() + " " + n.get("name").asText();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
