package io.switchboard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The top-level {@code switchboard} command: help, version, exit codes for usage errors. */
class MainTest {

    @Test
    void helpListsTheSubcommandsAndExitCodes() {
        CliRun r = CliRun.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: switchboard", "action", "events", "decode", "fake-asterisk", "demo",
                "Exit codes:");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void versionComesFromTheBuild() {
        CliRun r = CliRun.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("switchboard 0.").doesNotContain("${project.version}");
    }

    @Test
    void helpSubcommand() {
        CliRun r = CliRun.run("help", "decode");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: switchboard decode", "--json", "--max-line", "--max-headers",
                "--max-packet");
    }

    @Test
    void noSubcommandIsAUsageError() {
        CliRun r = CliRun.run();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing command", "decode");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownSubcommandOrOptionIsAUsageError() {
        assertThat(CliRun.run("nosuch").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("decode", "--nosuch", "x").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("decode").exitCode()).isEqualTo(2);
    }
}
