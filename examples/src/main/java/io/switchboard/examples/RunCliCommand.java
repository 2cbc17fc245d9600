package io.switchboard.examples;

/**
 * Runs an Asterisk CLI command over AMI and prints its output lines ({@code AsteriskServer.command}).
 *
 * <pre>
 * java -cp ... io.switchboard.examples.RunCliCommand core show uptime
 * </pre>
 */
public final class RunCliCommand {
    private RunCliCommand() {
    }

    /** Runs the example; the positional arguments are the command's words (default {@code core show version}). */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            String command = String.join(" ", pbx.arguments(java.util.List.of("core", "show", "version")));
            System.out.println("> " + command);
            pbx.server().command(command).forEach(System.out::println);
        }
    }
}
