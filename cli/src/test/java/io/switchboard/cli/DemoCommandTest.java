package io.switchboard.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard demo}: a short run prints the header, summaries and the client's own Originate. */
class DemoCommandTest {

    @Test
    void shortRunPrintsHeaderSummaryAndOriginateOutcome() {
        CliRun r = CliRun.run("demo", "--seconds", "2", "--calls-per-second", "5");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.outLines();
        assertThat(lines[0]).matches("Switchboard demo: FakeAsterisk 127\\.0\\.0\\.1:\\d+, Asterisk 22\\.10\\.1, "
                + "banner \"Asterisk Call Manager/11\\.0\\.0\" \\(AMI 11\\.0\\.0\\); 5 calls/s simulated, for 2 s");
        assertThat(Arrays.stream(lines).filter(l -> l.matches(
                "\\[ *\\d+\\.\\ds] channels \\d+ \\| calls started \\d+, ended \\d+ \\| [\\d.]+ events/s "
                        + "\\| last hangup: .*"))).isNotEmpty();
        // The first Originate is sent at once and awaited before the demo closes the client.
        assertThat(Arrays.stream(lines).filter(l -> l.contains(" originate  Local/short@test -> Success, reason 4 "
                + "(answered)"))).hasSize(1);
        assertThat(lines[lines.length - 1]).matches("Stopped: \\d+ calls started, \\d+ ended, \\d+ events\\.");
    }

    @Test
    void invalidRateIsAUsageError() {
        CliRun r = CliRun.run("demo", "--calls-per-second", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--calls-per-second");
    }
}
