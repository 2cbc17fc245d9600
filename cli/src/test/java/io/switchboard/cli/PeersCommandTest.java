package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.FakeAsteriskExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard peers} against a FakeAsterisk (endpoints alice and bob with static contacts). */
class PeersCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FakeAsteriskExtension FAKE = LiveCli.fake();

    @Test
    void endpointsWithContactsAsTable() {
        CliRun r = LiveCli.run(FAKE, "peers");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.outLines();
        assertThat(lines[0]).matches("ENDPOINT +STATE +CHANNELS +CONTACT +STATUS +RTT");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("alice +Not in use +0 +sip:\\S+ +\\S+.*"))
                .anySatisfy(l -> assertThat(l).matches("bob +Not in use +0 +sip:\\S+ +\\S+.*"));
    }

    @Test
    void endpointsAsJson() throws Exception {
        CliRun r = LiveCli.run(FAKE, "peers", "--json");
        assertThat(r.exitCode()).isZero();
        List<String> names = new ArrayList<>();
        for (String line : r.outLines()) {
            JsonNode e = JSON.readTree(line);
            names.add(e.get("name").asText());
            assertThat(e.get("deviceState").asText()).isEqualTo("Not in use");
            assertThat(e.get("reachable").asBoolean()).isTrue();
            assertThat(e.get("contacts").get(0).get("uri").asText()).startsWith("sip:");
        }
        assertThat(names).contains("alice", "bob");
    }
}
