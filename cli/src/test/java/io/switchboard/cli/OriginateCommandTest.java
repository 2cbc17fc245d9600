package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.FakeAsteriskExtension;
import io.switchboard.testkit.pbx.ChannelInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard originate} against a FakeAsterisk: answered, busy, refused, JSON, usage errors. */
class OriginateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FakeAsteriskExtension FAKE = LiveCli.fake();

    @AfterEach
    void noCallsLeft() {
        LiveCli.pbx(FAKE).hangupAll();
    }

    @Test
    void answeredCallToAnApplicationPrintsTheChannel() {
        CliRun r = LiveCli.run(FAKE, "originate", "--to", "Local/hold@test", "--app", "Wait", "--data", "600",
                "--caller-id", "\"Front desk\" <100>", "--var", "REASON=callback", "--var", "NOTE=a=b");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).matches("answered: Local/hold@test-\\w+;1 \\(uniqueid \\S+, state UP\\)\n");

        // The call stays up after the command: the PBX has it, with the caller ID and variables given.
        String name = r.out().substring("answered: ".length(), r.out().indexOf(" ("));
        ChannelInfo channel = LiveCli.pbx(FAKE).channels().stream().filter(c -> c.name().equals(name))
                .findFirst().orElseThrow();
        assertThat(channel.application()).isEqualTo("Wait");
        assertThat(channel.callerIdName()).isEqualTo("Front desk");
        assertThat(channel.callerIdNum()).isEqualTo("100");
        assertThat(channel.variables()).containsEntry("REASON", "callback").containsEntry("NOTE", "a=b");
    }

    @Test
    void answeredCallToTheDialplanAsJson() throws Exception {
        CliRun r = LiveCli.run(FAKE, "originate", "--json", "--to", "Local/hold@test", "--context", "test",
                "--exten", "wait", "--priority", "1");
        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).hasSize(1);
        JsonNode node = JSON.readTree(r.outLines()[0]);
        assertThat(node.get("outcome").asText()).isEqualTo("answered");
        assertThat(node.get("channel").get("name").asText()).matches("Local/hold@test-\\w+;1");
        assertThat(node.get("channel").get("state").asText()).isEqualTo("UP");
    }

    @Test
    void busyExitsWithOneAndTheReason() throws Exception {
        CliRun r = LiveCli.run(FAKE, "originate", "--to", "Local/busy@test", "--app", "Wait", "--data", "5");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("failed: BUSY (Reason 5)\n");
        assertThat(r.err()).isEqualTo("switchboard originate: call to Local/busy@test failed: BUSY (Reason 5)\n");

        CliRun json = LiveCli.run(FAKE, "originate", "--json", "--to", "Local/busy@test", "--app", "Wait");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode node = JSON.readTree(json.outLines()[0]);
        assertThat(node.get("outcome").asText()).isEqualTo("failed");
        assertThat(node.get("failure").asText()).isEqualTo("BUSY");
        assertThat(node.get("reason").asInt()).isEqualTo(5);
    }

    @Test
    void refusedOriginateExitsWithOne() {
        CliRun r = LiveCli.run(FAKE, "originate", "--to", "Local/hold@test", "--context", "test", "--exten", "nosuch");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).startsWith("failed: refused: ");
        assertThat(r.err()).startsWith("switchboard originate: call to Local/hold@test failed: refused: ");
    }

    @Test
    void targetMustBeAnApplicationOrADialplanLocation() {
        CliRun both = LiveCli.run(FAKE, "originate", "--to", "Local/hold@test", "--app", "Wait", "--context", "test",
                "--exten", "wait");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");

        CliRun neither = LiveCli.run(FAKE, "originate", "--to", "Local/hold@test");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("missing required argument");

        CliRun noExten = LiveCli.run(FAKE, "originate", "--to", "Local/hold@test", "--context", "test");
        assertThat(noExten.exitCode()).isEqualTo(2);
        assertThat(noExten.err()).contains("--exten");

        CliRun badDial = LiveCli.run(FAKE, "originate", "--to", "alice", "--app", "Wait");
        assertThat(badDial.exitCode()).isEqualTo(2);
        assertThat(LiveCli.pbx(FAKE).channels()).isEmpty();
    }

    @Test
    void aLineBreakInAnyValueIsRefusedBeforeAnythingIsSent() {
        // {the option named in the error, the arguments...}
        String[][] cases = {
            {"--to", "--to", "Local/hold@test\r\nAction: Logoff", "--app", "Wait"},
            {"--app", "--to", "Local/hold@test", "--app", "Wait\nX: y"},
            {"--data", "--to", "Local/hold@test", "--app", "Wait", "--data", "5\r\nAction: Logoff"},
            {"--context", "--to", "Local/hold@test", "--context", "test\n", "--exten", "wait"},
            {"--exten", "--to", "Local/hold@test", "--context", "test", "--exten", "wait\rX"},
            {"--caller-id", "--to", "Local/hold@test", "--app", "Wait", "--caller-id", "100\nX: y"},
            {"--var", "--to", "Local/hold@test", "--app", "Wait", "--var", "A=1\r\nAction: Logoff"},
            {"--var", "--to", "Local/hold@test", "--app", "Wait", "--var", "A\nB=1"},
        };
        for (String[] c : cases) {
            String[] args = Arrays.copyOfRange(c, 1, c.length);
            CliRun r = LiveCli.run(FAKE, "originate", args);
            assertThat(r.exitCode()).as(c[0]).isEqualTo(2);
            assertThat(r.err()).as(c[0]).startsWith("switchboard originate: " + c[0]
                    + " must not contain a line break (CR or LF)").doesNotContain("\tat ", "Logoff");
            assertThat(r.err().lines()).hasSize(1);
            assertThat(r.out()).isEmpty();
        }
        assertThat(LiveCli.pbx(FAKE).channels()).isEmpty();
    }

    @Test
    void ringTimeoutBelowOneSecondNamesTheOption() {
        CliRun r = LiveCli.run(FAKE, "originate", "--to", "Local/hold@test", "--app", "Wait", "--ring-timeout", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("switchboard originate: --ring-timeout must be at least 1 second");
    }
}
