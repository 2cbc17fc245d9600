package io.switchboard.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

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
        assertThat(r.err()).startsWith("switchboard: missing command: choose one of").contains("decode");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownSubcommandOrOptionIsAUsageError() {
        assertThat(CliRun.run("nosuch").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("decode", "--nosuch", "x").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("decode").exitCode()).isEqualTo(2);
    }

    @Test
    void everyCommandsHelpListsItsExitCodesAndItsExamplesStayCopyable() {
        String[][] commands = {{"action"}, {"command"}, {"events"}, {"decode"}, {"fake-asterisk"}, {"demo"},
            {"gateway"}, {"channels"}, {"originate"}, {"queues"}, {"peers"}, {"cdr", "query"}, {"cdr", "export"},
            {"cdr", "summary"}};
        for (String[] command : commands) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CliRun r = CliRun.run(args);
            String name = String.join(" ", command);
            assertThat(r.exitCode()).as(name).isZero();
            assertThat(r.out()).as(name).contains("Usage: switchboard " + name, "Exit codes:").doesNotContain("=<");
            int examples = r.out().indexOf("Examples:\n");
            if (examples >= 0) {
                // picocli wraps a footer line longer than the screen at column 0, which breaks quotes apart
                assertThat(r.out().substring(examples + "Examples:\n".length()).lines())
                        .as(name).allSatisfy(l -> assertThat(l).matches("( {2}.*)?"));
            }
        }
    }

    @Test
    void usageErrorsAreOneLineNamingTheCommandAndItsHelp() {
        CliRun missing = CliRun.run("originate", "--user", "admin", "--to", "PJSIP/alice");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("switchboard originate: missing required argument")
                .endsWith("(see 'switchboard originate --help')\n").doesNotContain("Usage:");
        assertThat(missing.err().lines()).hasSize(1);

        CliRun typo = CliRun.run("events", "--user", "admin", "--filters", "Hangup");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).startsWith("switchboard events: unknown option '--filters'; did you mean --filter")
                .endsWith("? (see 'switchboard events --help')\n");

        CliRun none = CliRun.run();
        assertThat(none.err().lines()).hasSize(1);
        CliRun cdr = CliRun.run("cdr", "query");
        assertThat(cdr.exitCode()).isEqualTo(2);
        assertThat(cdr.err()).startsWith("switchboard cdr query: missing required option: '--db=JDBC_URL'");
    }

    @Test
    void anUnknownOptionIsNamedWithoutItsValue() {
        CliRun r = CliRun.run("channels", "--user", "admin", "--token=s3cr3t-value");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("switchboard channels: unknown option '--token'").doesNotContain("s3cr3t");
        CliRun events = CliRun.run("events", "--user", "admin", "--secret", "s3cr3t-value");
        assertThat(events.exitCode()).isEqualTo(2);
        assertThat(events.err()).contains("never accepted on the command line").doesNotContain("s3cr3t");
    }

    /** A subcommand with a bug: what a user sees of an exception no command expected. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Mixin
        LoggingOptions logging;

        @Override
        public Integer call() {
            throw new IllegalStateException("bug\nsecond line");
        }
    }

    @Test
    void anUnexpectedExceptionIsOneLineAndItsStackTraceOnlyWithVerbose() {
        CliRun quiet = CliRun.run(MainTest::addBoom, "boom");
        assertThat(quiet.exitCode()).isEqualTo(1);
        assertThat(quiet.err()).isEqualTo("switchboard boom: unexpected failure: IllegalStateException: bug "
                + "(-v shows the stack trace)\n");

        String level = System.getProperty(LoggingOptions.LEVEL_PROPERTY);
        String library = System.getProperty(LoggingOptions.LIBRARY_LEVEL_PROPERTY);
        try {
            CliRun verbose = CliRun.run(MainTest::addBoom, "boom", "-v");
            assertThat(verbose.exitCode()).isEqualTo(1);
            assertThat(verbose.err()).contains("java.lang.IllegalStateException: bug", "\tat ");
        } finally {
            restore(LoggingOptions.LEVEL_PROPERTY, level);
            restore(LoggingOptions.LIBRARY_LEVEL_PROPERTY, library);
        }
    }

    /** Added after CliRun set the writers: setting them again passes them down to the new subcommand. */
    private static void addBoom(CommandLine cmd) {
        cmd.addSubcommand(new Boom());
        cmd.setOut(cmd.getOut());
        cmd.setErr(cmd.getErr());
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
