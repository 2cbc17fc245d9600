package io.switchboard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection options every AMI command shares: values the client would refuse are a one-line usage error
 * (exit 2) before anything connects, for each command, never a stack trace.
 */
class ConnectionOptionsTest {
    private static final String[][] COMMANDS = {{"action", "Ping"}, {"command", "core", "show", "uptime"},
        {"events", "--count", "1"}, {"channels"}, {"queues"}, {"peers"},
        {"originate", "--to", "Local/100@test", "--app", "Wait"}};

    private static CliRun run(String secret, String[] command, String... options) {
        String[] args = new String[command.length + options.length];
        args[0] = command[0];
        System.arraycopy(options, 0, args, 1, options.length);
        System.arraycopy(command, 1, args, 1 + options.length, command.length - 1);
        return CliRun.withSecret(secret, args);
    }

    private static void assertUsageError(CliRun r, String command, String message) {
        assertThat(r.exitCode()).as(command).isEqualTo(2);
        assertThat(r.err()).as(command).isEqualTo("switchboard " + command + ": " + message + "\n");
        assertThat(r.out()).as(command).isEmpty();
    }

    @Test
    void aPortOutOfRangeIsAUsageErrorForEveryCommand() {
        for (String[] command : COMMANDS) {
            assertUsageError(run("amp111", command, "--user", "admin", "--port", "99999"), command[0],
                    "--port must be 1 to 65535, not 99999");
            assertUsageError(run("amp111", command, "--user", "admin", "--port", "0"), command[0],
                    "--port must be 1 to 65535, not 0");
        }
    }

    @Test
    void anEmptyHostOrUserIsAUsageError() {
        for (String[] command : COMMANDS) {
            assertUsageError(run("amp111", command, "--user", "admin", "--host", ""), command[0],
                    "--host must be a host name or address");
            assertUsageError(run("amp111", command, "--user", " "), command[0],
                    "--user must be a manager.conf user name");
            assertUsageError(run("amp111", command, "--user", "admin\r\nAction: Logoff"), command[0],
                    "--user must be a manager.conf user name");
        }
    }

    @Test
    void aLineBreakInTheSecretIsRefusedWithoutShowingIt() {
        for (String[] command : COMMANDS) {
            CliRun r = run("s3cr3t\r\nAction: Logoff", command, "--user", "admin");
            assertThat(r.exitCode()).as(command[0]).isEqualTo(2);
            assertThat(r.err()).as(command[0]).startsWith("switchboard " + command[0] + ": invalid connection settings: ")
                    .contains("CR or LF").doesNotContain("s3cr3t");
            assertThat(r.err().lines()).hasSize(1);
        }
    }
}
