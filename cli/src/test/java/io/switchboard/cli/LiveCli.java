package io.switchboard.cli;

import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.FakeAsteriskExtension;
import io.switchboard.testkit.pbx.SimulatedPbx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shared set-up of the live-model command tests: a fast simulated PBX and {@code COMMAND --port P --user admin}. */
final class LiveCli {
    static final Duration WAIT = Duration.ofSeconds(10);

    private LiveCli() {
    }

    /** A per-class FakeAsterisk whose simulated clock runs 20 times faster than real time. */
    static FakeAsteriskExtension fake() {
        return new FakeAsteriskExtension(b -> b.callEngine(sink -> SimulatedPbx.builder().timeScale(0.05).build(sink)));
    }

    static SimulatedPbx pbx(FakeAsteriskExtension fake) {
        return (SimulatedPbx) fake.server().callEngine().orElseThrow();
    }

    /** {@code command --port P --user admin ARGS...} with the secret in the (substituted) environment. */
    static CliRun run(FakeAsteriskExtension fake, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--port", Integer.toString(fake.port()),
                "--user", FakeAsterisk.DEFAULT_USERNAME));
        all.addAll(Arrays.asList(args));
        return CliRun.withSecret(FakeAsterisk.DEFAULT_SECRET, all.toArray(String[]::new));
    }
}
