package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** CLI output checked against the command_core_show_channels recording (same three hold calls, same ids). */
class CliTest {
    private static Harness threeHoldCalls() {
        Harness h = new Harness(SimulatedPbx.builder().timeScale(0.01).firstLocalId(2).firstUniqueid(4));
        for (int i = 0; i < 3; i++) {
            h.pbx.cliOriginate("Local/hold@test", "Wait", "600");
        }
        await().atMost(Harness.WAIT).pollInterval(Duration.ofMillis(5)).until(() ->
                h.pbx.channels().stream().filter(c -> c.application().equals("Wait")).count() == 6);
        return h;
    }

    /** The Output lines of the recorded Command replies (the decoder trims the table's trailing blanks). */
    private static List<String> recordedOutput(int step) {
        Transcript t = Transcript.load("command_core_show_channels");
        return t.steps.get(step).replies.get(0).getAll("Output");
    }

    @Test
    void coreShowChannelsMatchesTheRecording() {
        try (Harness h = threeHoldCalls()) {
            List<String> out = h.pbx.cliOutput("core show channels").orElseThrow();
            List<String> recorded = recordedOutput(1);
            List<String> trimmed = out.stream().map(String::stripTrailing).toList();
            assertThat(trimmed.get(0)).isEqualTo(recorded.get(0));
            assertThat(out.get(0)).hasSize(64 + 1 + 32 + 1 + 7 + 1 + 30);
            assertThat(trimmed.subList(1, 7)).containsExactlyInAnyOrderElementsOf(recorded.subList(1, 7));
            assertThat(trimmed.subList(7, 9)).isEqualTo(recorded.subList(7, 9));
            assertThat(trimmed.get(9)).matches("\\d+ calls processed");
        }
    }

    @Test
    void conciseMatchesTheRecordingButForDurationAndUniqueidEpoch() {
        try (Harness h = threeHoldCalls()) {
            List<String> out = h.pbx.cliOutput("core show channels concise").orElseThrow();
            assertThat(mask(out)).containsExactlyInAnyOrderElementsOf(mask(recordedOutput(2)));
        }
    }

    private static List<String> mask(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split("!", -1);
            f[11] = "D";
            f[13] = f[13].substring(f[13].indexOf('.'));
            out.add(String.join("!", f));
        }
        return out;
    }

    @Test
    void countsOriginateByExtensionAndRequestHangup() {
        try (Harness h = new Harness()) {
            assertThat(h.pbx.cliOutput("core show channels count").orElseThrow())
                    .containsExactly("0 active channels", "0 active calls", "0 calls processed");
            h.pbx.cliOutput("channel originate Local/echo@test extension wait@test");
            Packet wait = h.next("Newexten", "Application", "Wait");
            assertThat(wait.get("Channel")).endsWith(";1");
            assertThat(h.pbx.cliOutput("core show channels count").orElseThrow())
                    .containsExactly("2 active channels", "2 active calls", "2 calls processed");
            String one = h.pbx.channels().get(0).name();
            assertThat(h.pbx.cliOutput("channel request hangup " + one).orElseThrow())
                    .containsExactly("Requested Hangup on channel '" + one + "'");
            assertThat(h.next("SoftHangupRequest").get("Cause")).isEqualTo("32");
            h.awaitNoChannels();
            assertThat(h.pbx.cliOutput("core show version")).isEmpty();
            assertThat(h.pbx.actions()).doesNotContain("command");
        }
    }
}
