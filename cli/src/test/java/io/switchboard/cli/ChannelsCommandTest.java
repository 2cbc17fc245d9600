package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.FakeAsteriskExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code switchboard channels} against a FakeAsterisk: table, JSON Lines, no channels, no secret. */
class ChannelsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FakeAsteriskExtension FAKE = LiveCli.fake();

    @AfterEach
    void noCallsLeft() {
        LiveCli.pbx(FAKE).hangupAll();
    }

    @Test
    void noChannels() {
        CliRun r = LiveCli.run(FAKE, "channels");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("no channels\n");
        assertThat(LiveCli.run(FAKE, "channels", "--json").out()).isEmpty();
    }

    @Test
    void bridgedCallAsTableAndJson() throws Exception {
        // Local/bridge@test dials Local/wait@test: four channels, two of them in one bridge.
        LiveCli.pbx(FAKE).cliOriginate("Local/bridge@test", "Wait", "600");
        List<JsonNode> channels = new ArrayList<>();
        await().atMost(LiveCli.WAIT).until(() -> {
            CliRun r = LiveCli.run(FAKE, "channels", "--json");
            channels.clear();
            for (String line : r.outLines()) {
                channels.add(JSON.readTree(line));
            }
            return channels.size() == 4 && channels.stream().filter(c -> !c.get("bridge").asText().isEmpty())
                    .count() == 2;
        });
        // The model lists channels oldest first; created within one second they may come in any order.
        JsonNode first = channels.stream().filter(c -> c.get("name").asText().matches("Local/bridge@test-\\w+;1"))
                .findFirst().orElseThrow();
        assertThat(first.get("state").asText()).isEqualTo("UP");
        assertThat(first.get("uniqueid").asText()).isNotEmpty();
        assertThat(first.get("durationSeconds").asLong()).isNotNegative();

        CliRun r = LiveCli.run(FAKE, "channels");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.outLines();
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).matches("CHANNEL +STATE +CALLER ID +DURATION +BRIDGE +APPLICATION");
        String bridge = channels.stream().map(c -> c.get("bridge").asText()).filter(b -> !b.isEmpty())
                .findFirst().orElseThrow();
        assertThat(lines).filteredOn(l -> l.contains(bridge)).hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith("Local/bridge@test-").contains(";2 ").contains("Dial("))
                .anySatisfy(l -> assertThat(l).startsWith("Local/wait@test-").contains(";1 "));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("Local/wait@test-\\w+;2 +UP +.* 0:00:\\d\\d +Wait\\(30\\)"));
    }

    @Test
    void noSecretIsAUsageError() {
        CliRun r = CliRun.withSecret(null, "channels", "--port", Integer.toString(FAKE.port()), "--user",
                FakeAsterisk.DEFAULT_USERNAME);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("switchboard channels: no AMI secret: set SWITCHBOARD_SECRET");
    }
}
