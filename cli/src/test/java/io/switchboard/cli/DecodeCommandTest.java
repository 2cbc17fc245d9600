package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard decode}: both output forms, big captures, broken captures, unreadable files. */
class DecodeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void pingAsText() {
        CliRun r = CliRun.run("decode", CliRun.copy(dir, "ping.recv"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Asterisk Call Manager/11.0.0\n\n"
                + "Response: Success\nActionID: ping-1\nMessage: Authentication accepted\n\n"
                + "Event: FullyBooted\nPrivilege: system,all\n");
        assertThat(r.out()).contains("Response: Success\nActionID: ping-2\nPing: Pong\nTimestamp: ")
                .endsWith("Response: Goodbye\nActionID: ping-5\nMessage: Thanks for all the fish.\n\n")
                .doesNotContain("\r");
        // banner + 8 packets, each block followed by one blank line
        assertThat(r.out().split("\n\n")).hasSize(9);
    }

    @Test
    void pingAsJson() throws Exception {
        CliRun r = CliRun.run("decode", "--json", CliRun.copy(dir, "ping.recv"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.outLines();
        assertThat(lines).hasSize(9);
        assertThat(lines[0]).isEqualTo("{\"type\":\"banner\",\"name\":\"Asterisk Call Manager/11.0.0\",\"headers\":[]}");
        JsonNode pong = JSON.readTree(lines[4]);
        assertThat(pong.get("type").asText()).isEqualTo("response");
        assertThat(pong.get("name").asText()).isEqualTo("Success");
        assertThat(pong.get("headers").get(1).toString()).isEqualTo("[\"ActionID\",\"ping-2\"]");
        assertThat(pong.get("headers").get(2).toString()).isEqualTo("[\"Ping\",\"Pong\"]");
        assertThat(Arrays.stream(lines).map(DecodeCommandTest::type))
                .containsExactly("banner", "response", "event", "event", "response", "response", "response",
                        "response", "response");
    }

    @Test
    void exactJsonOfASmallTranscript() {
        CliRun r = CliRun.run("decode", "--json", CliRun.copy(dir, "userevent.recv"));
        assertThat(r.exitCode()).isZero();
        String[] lines = r.outLines();
        assertThat(lines).hasSize(7);
        assertThat(lines[0]).isEqualTo("{\"type\":\"banner\",\"name\":\"Asterisk Call Manager/11.0.0\",\"headers\":[]}");
        assertThat(lines[1]).isEqualTo("{\"type\":\"response\",\"name\":\"Success\",\"headers\":[[\"Response\","
                + "\"Success\"],[\"ActionID\",\"userevent-1\"],[\"Message\",\"Authentication accepted\"]]}");
        assertThat(lines[5]).isEqualTo("{\"type\":\"event\",\"name\":\"UserEvent\",\"headers\":[[\"Event\","
                + "\"UserEvent\"],[\"Privilege\",\"user,all\"],[\"UserEvent\",\"MyTestEvent\"],[\"ActionID\","
                + "\"userevent-2\"],[\"Header1\",\"value1\"],[\"Header2\",\"value: with colon\"]]}");
        assertThat(lines[6]).isEqualTo("{\"type\":\"response\",\"name\":\"Goodbye\",\"headers\":[[\"Response\","
                + "\"Goodbye\"],[\"ActionID\",\"userevent-3\"],[\"Message\",\"Thanks for all the fish.\"]]}");
        assertThat(r.out()).endsWith("}\n");
    }

    @Test
    void loginFailureExactly() {
        CliRun r = CliRun.run("decode", "--json", CliRun.copy(dir, "login_failure.recv"));
        assertThat(r.out()).isEqualTo(
                "{\"type\":\"banner\",\"name\":\"Asterisk Call Manager/11.0.0\",\"headers\":[]}\n"
                + "{\"type\":\"response\",\"name\":\"Error\",\"headers\":[[\"Response\",\"Error\"],"
                + "[\"ActionID\",\"login_failure-1\"],[\"Message\",\"Authentication failed\"]]}\n");
    }

    @Test
    void eventStormHasOneLinePerPacketPlusTheBanner() {
        CliRun r = CliRun.run("decode", "--json", CliRun.copy(dir, "event_storm.recv"));
        assertThat(r.exitCode()).isZero();
        String[] lines = r.outLines();
        assertThat(lines).hasSize(16_362 + 1);
        assertThat(Arrays.stream(lines).filter(l -> l.startsWith("{\"type\":\"event\"")).count()).isEqualTo(16_060);
        assertThat(Arrays.stream(lines).filter(l -> l.startsWith("{\"type\":\"response\"")).count()).isEqualTo(302);
    }

    @Test
    void sentFileHasNoBannerAndActionPackets() {
        CliRun r = CliRun.run("decode", "--json", CliRun.copy(dir, "missing_action.sent"));
        assertThat(r.exitCode()).isZero();
        assertThat(Arrays.stream(r.outLines()).map(DecodeCommandTest::type))
                .containsExactly("action", "other", "action", "other", "action");
        CliRun text = CliRun.run("decode", CliRun.copy(dir, "missing_action.sent"));
        // A line without a colon is printed bare, as on the wire; an empty value keeps its key.
        assertThat(text.out()).contains("ActionID: junk-line\nthis line has no colon\n\n")
                .contains("Action: \nActionID: empty-action\n\n");
    }

    @Test
    void truncatedCapturePrintsWhatWasDecodedThenFails() {
        byte[] ping = CliRun.transcript("ping.recv");
        String file = CliRun.write(dir, "cut.recv", Arrays.copyOf(ping, ping.length - 10));
        for (String mode : new String[] {"--json", "--max-line=64"}) {
            CliRun r = CliRun.run("decode", mode, file);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("cut.recv", "stream ended inside a packet");
            assertThat(r.out()).doesNotContain("Goodbye");
        }
        CliRun r = CliRun.run("decode", "--json", file);
        assertThat(r.outLines()).hasSize(8);   // banner + 7 complete packets
        assertThat(r.outLines()[6]).contains("\"ping-4\"");
        assertThat(r.outLines()[7]).contains("[\"Ping\",\"Pong\"]").doesNotContain("ActionID");
    }

    @Test
    void limitViolationPrintsWhatWasDecodedThenFails() {
        CliRun r = CliRun.run("decode", "--max-headers=100", CliRun.copy(dir, "command_core_show_help.recv"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("Message: Authentication accepted").doesNotContain("Command output follows");
        assertThat(r.err()).contains("malformed AMI input", "more than 100 headers");

        CliRun line = CliRun.run("decode", "--max-line=64", "--max-packet=100000", CliRun.copy(dir, "ping.recv"));
        assertThat(line.exitCode()).isZero();
        CliRun packet = CliRun.run("decode", "--max-line=64", "--max-packet=200", CliRun.copy(dir, "ping.recv"));
        assertThat(packet.exitCode()).isEqualTo(2);
        assertThat(packet.err()).contains("packet larger than 200");
    }

    @Test
    void invalidLimitsAreUsageErrors() {
        CliRun r = CliRun.run("decode", "--max-line=10", CliRun.copy(dir, "ping.recv"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("switchboard decode: invalid decoder limits").doesNotContain("Usage:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingFileExitsWithOne() {
        CliRun r = CliRun.run("decode", dir.resolve("nope.recv").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nope.recv", "no such file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void directoryExitsWithOne() {
        CliRun r = CliRun.run("decode", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read");
    }

    @Test
    void readsStandardInput() {
        byte[] bytes = CliRun.transcript("login_failure.recv");
        CliRun r = CliRun.run(cmd -> ((DecodeCommand) cmd.getSubcommands().get("decode").getCommand()).stdin =
                new ByteArrayInputStream(bytes), "decode", "-");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Asterisk Call Manager/11.0.0\n\n"
                + "Response: Error\nActionID: login_failure-1\nMessage: Authentication failed\n\n");
    }

    @Test
    void jsonEscapesQuotesBackslashesControlCharactersAndKeepsUtf8() throws Exception {
        String value = "say \"hi\" \\ O\\'Brien \u0001 Zoë 電話 🎧";
        String file = CliRun.write(dir, "odd.recv", ("Event: UserEvent\r\nCallerIDName: " + value + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        CliRun r = CliRun.run("decode", "--json", file);
        assertThat(r.exitCode()).isZero();
        JsonNode node = JSON.readTree(r.outLines()[0]);
        assertThat(node.get("headers").get(1).get(1).asText()).isEqualTo(value);
        assertThat(r.outLines()[0]).contains("\\u0001").contains("Zoë");
    }

    private static String type(String line) {
        try {
            return JSON.readTree(line).get("type").asText();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
