package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.FakeAsteriskExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard command} against a FakeAsterisk: words, scripts on stdin, JSON, refused commands. */
class CommandCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FakeAsteriskExtension FAKE = new FakeAsteriskExtension(b -> b
            .commandOutput("switchboard test", List.of("first line", "second: with a colon", "  indented")));

    private static String[] args(String... rest) {
        List<String> all = new ArrayList<>(List.of("command", "--port", Integer.toString(FAKE.port()),
                "--user", FakeAsterisk.DEFAULT_USERNAME));
        all.addAll(Arrays.asList(rest));
        return all.toArray(String[]::new);
    }

    private static CliRun command(String... rest) {
        return CliRun.withSecret(FakeAsterisk.DEFAULT_SECRET, args(rest));
    }

    /** Runs with {@code script} as standard input and no words. */
    private static CliRun script(String script, String... options) {
        InputStream in = new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8));
        return CliRun.run(cmd -> {
            CliRun.env(FakeAsterisk.DEFAULT_SECRET).accept(cmd);
            ((CommandCommand) cmd.getSubcommands().get("command").getCommand()).stdin = in;
        }, args(options));
    }

    @Test
    void atATerminalWithoutWordsItSaysItReadsStandardInput() {
        InputStream in = new ByteArrayInputStream("core show version\n".getBytes(StandardCharsets.UTF_8));
        CliRun r = CliRun.run(cmd -> {
            CliRun.env(FakeAsterisk.DEFAULT_SECRET).accept(cmd);
            CommandCommand command = (CommandCommand) cmd.getSubcommands().get("command").getCommand();
            command.stdin = in;
            command.interactive = () -> true;
        }, args());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).startsWith("switchboard command: no WORDs given, so reading commands from standard input")
                .contains("Ctrl-D");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isNotEmpty();

        CliRun piped = script("core show version\n"); // not a terminal: no hint, stderr stays clean for scripts
        assertThat(piped.err()).isEmpty();
    }

    @Test
    void wordsAreJoinedAndOnlyTheOutputIsPrinted() {
        CliRun r = command("switchboard", "test");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines()).containsExactly("first line", "second: with a colon", "  indented");
    }

    @Test
    void oneQuotedArgumentWorksAsWell() {
        CliRun r = command("core show version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Asterisk 22.10.1");
    }

    @Test
    void aRefusedCommandPrintsAsteriskAnswerAndExitsWithOne() {
        CliRun r = command("core", "show", "nosuchthing");
        assertThat(r.exitCode()).isEqualTo(Main.ACTION_FAILED);
        assertThat(r.out()).startsWith("No such command 'core show nosuchthing'");
        assertThat(r.err()).startsWith("switchboard command: 'core show nosuchthing' failed: No such command");
    }

    @Test
    void aScriptOnStandardInputRunsEveryCommandInOrderAndSkipsCommentsAndBlankLines() {
        CliRun r = script("# uptime first\ncore show uptime\n\n   \nswitchboard test\r\n");
        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).hasSizeGreaterThan(3);
        assertThat(r.outLines()[0]).startsWith("System uptime:");
        assertThat(r.out()).endsWith("first line\nsecond: with a colon\n  indented\n");
    }

    @Test
    void aFailureInTheMiddleOfAScriptDoesNotStopTheRestButSetsTheExitCode() {
        CliRun r = script("core show nosuchthing\nswitchboard test\n");
        assertThat(r.exitCode()).isEqualTo(Main.ACTION_FAILED);
        assertThat(r.out()).endsWith("first line\nsecond: with a colon\n  indented\n");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void anEmptyScriptSucceedsWithoutConnecting() {
        CliRun r = CliRun.run(cmd -> ((CommandCommand) cmd.getSubcommands().get("command").getCommand()).stdin =
                new ByteArrayInputStream("# nothing\n\n".getBytes(StandardCharsets.UTF_8)),
                "command", "--port", "1", "--user", "admin");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonGivesOneObjectPerCommand() throws Exception {
        CliRun r = script("switchboard test\ncore show nosuchthing\n", "--json");
        assertThat(r.exitCode()).isEqualTo(Main.ACTION_FAILED);
        assertThat(r.outLines()).hasSize(2);
        JsonNode ok = JSON.readTree(r.outLines()[0]);
        assertThat(ok.get("command").asText()).isEqualTo("switchboard test");
        assertThat(ok.get("success").asBoolean()).isTrue();
        assertThat(ok.get("output").toString()).isEqualTo("[\"first line\",\"second: with a colon\",\"  indented\"]");
        JsonNode refused = JSON.readTree(r.outLines()[1]);
        assertThat(refused.get("success").asBoolean()).isFalse();
        assertThat(refused.get("output").get(0).asText()).startsWith("No such command");
    }

    @Test
    void aLineBreakInsideTheCommandIsRefusedBeforeAnythingIsSent() {
        for (String bad : new String[] {"core show uptime\nAction: Logoff", "core show uptime\r\nAction: Logoff",
            "core show\ruptime"}) {
            CliRun r = command(bad);
            assertThat(r.exitCode()).isEqualTo(Main.USAGE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("switchboard command: the command must not contain a line break (CR or LF) "
                    + "(see 'switchboard command --help')\n");
        }
        CliRun split = command("core show", "uptime\nAction: Logoff");
        assertThat(split.exitCode()).isEqualTo(Main.USAGE);
    }

    @Test
    void wrongSecretAndNoServerExitWithTwoAndOneLine() throws IOException {
        CliRun refused = CliRun.withSecret("wrong", args("core", "show", "uptime"));
        assertThat(refused.exitCode()).isEqualTo(Main.CONNECTION_FAILED);
        assertThat(refused.err()).doesNotContain("wrong");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CliRun none = CliRun.withSecret(FakeAsterisk.DEFAULT_SECRET, "command", "--port",
                Integer.toString(closedPort), "--user", "admin", "core", "show", "uptime");
        assertThat(none.exitCode()).isEqualTo(Main.CONNECTION_FAILED);
        assertThat(none.err().lines()).hasSize(1);
        assertThat(none.err()).startsWith("switchboard command: cannot connect to 127.0.0.1:" + closedPort);
    }
}
