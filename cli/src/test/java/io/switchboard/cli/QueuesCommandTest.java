package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.FakeAsteriskExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code switchboard queues} against a FakeAsterisk: members, a waiting caller, statistics, JSON. */
class QueuesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FakeAsteriskExtension FAKE = LiveCli.fake();

    @AfterEach
    void noCallsLeft() {
        LiveCli.pbx(FAKE).hangupAll();
        LiveCli.run(FAKE, "action", "QueuePause", "Interface=Local/qagent@test/n", "Paused=false");
    }

    @Test
    void queuesWithMembersAndStatistics() {
        CliRun r = LiveCli.run(FAKE, "queues");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("testq (ringall): 0 waiting, ", "stormq (rrmemory): 0 waiting, ")
                .containsPattern("(?m)^  MEMBER +INTERFACE +STATE +PAUSED +CALLS +PENALTY$")
                .containsPattern("(?m)^  Agent One +Local/qagent@test/n +Not in use +no +0 +0$");
    }

    @Test
    void aWaitingCallerAndAPausedMember() throws Exception {
        assertThat(LiveCli.run(FAKE, "action", "QueuePause", "Interface=Local/qagent@test/n", "Paused=true",
                "Reason=lunch").exitCode()).isZero();
        LiveCli.pbx(FAKE).cliOriginate("Local/queue@test", "Wait", "600");

        AtomicReference<JsonNode> testq = new AtomicReference<>();
        await().atMost(LiveCli.WAIT).until(() -> {
            CliRun r = LiveCli.run(FAKE, "queues", "--json");
            for (String line : r.outLines()) {
                JsonNode q = JSON.readTree(line);
                if (q.get("name").asText().equals("testq")) {
                    testq.set(q);
                }
            }
            return testq.get() != null && testq.get().get("callers").size() == 1;
        });
        JsonNode member = testq.get().get("members").get(0);
        assertThat(member.get("paused").asBoolean()).isTrue();
        assertThat(member.get("pausedReason").asText()).isEqualTo("lunch");
        assertThat(testq.get().get("callers").get(0).get("channel").asText()).matches("Local/queue@test-\\w+;2");
        assertThat(testq.get().get("statistics").has("serviceLevelPerf")).isTrue();

        CliRun r = LiveCli.run(FAKE, "queues");
        assertThat(r.out()).contains("testq (ringall): 1 waiting, ")
                .containsPattern("(?m)^  Agent One +Local/qagent@test/n +Not in use +yes \\(lunch\\) +0 +0$")
                .containsPattern("(?m)^  POS +CALLER +CALLER ID +WAITING$")
                .containsPattern("(?m)^  1 +Local/queue@test-\\w+;2 +.* \\d+ s$");
    }
}
