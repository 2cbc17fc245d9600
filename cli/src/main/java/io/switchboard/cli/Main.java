package io.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Function;

/**
 * The {@code switchboard} command. Each subcommand is a picocli {@link Command} class of its own; adding one
 * means writing that class and listing it in {@code subcommands} below, nothing else. Subcommands write to
 * {@code spec.commandLine().getOut()/getErr()} (never {@code System.out}), so tests can capture them, and
 * return their exit code from {@code call()}.
 */
@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Tools for the Asterisk Manager Interface (AMI).",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
                ActionCommand.class,
                CommandCommand.class,
                EventsCommand.class,
                DecodeCommand.class,
                FakeAsteriskCommand.class,
                DemoCommand.class,
                GatewayCommand.class,
                ChannelsCommand.class,
                OriginateCommand.class,
                QueuesCommand.class,
                PeersCommand.class,
                CdrCommand.class,
                CommandLine.HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:the server answered Response: Error (action), Asterisk refused a CLI command (command), the call "
                        + "failed (originate), a file could not be read (decode), or the database failed (cdr)",
                "2:invalid usage, no secret, login refused, connection failed or timed out, or malformed AMI "
                        + "input (decode)",
                "130:stopped by Ctrl-C (events, fake-asterisk, demo, gateway), after a clean stop"})
public final class Main implements Runnable {
    /** The command succeeded. */
    public static final int OK = 0;
    /** An input file could not be opened or read. */
    public static final int UNREADABLE = 1;
    /** The input broke the AMI framing or a limit (also picocli's code for usage errors). */
    public static final int MALFORMED = 2;
    /** The server answered the action with {@code Response: Error}. */
    public static final int ACTION_FAILED = 1;
    /** Invalid usage: bad option or argument, no secret (picocli's code too). */
    public static final int USAGE = 2;
    /** Login refused, connection refused or lost, no answer in time. */
    public static final int CONNECTION_FAILED = 2;

    @Spec
    CommandSpec spec;

    /** Environment lookup for the secret; tests replace it instead of touching the real environment. */
    Function<String, String> env = System::getenv;

    /** Without a subcommand there is nothing to do: report a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * Prints a command's one-line failure ({@code switchboard NAME: message}, NAME as typed, e.g. {@code cdr query})
     * to stderr and returns its exit code. Only the message's first line: a JDBC driver or Flyway appends a
     * block of detail lines that would break "one line per failure" for scripts.
     */
    static int fail(CommandSpec command, CliException e) {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        out.flush();
        err.println(command.qualifiedName() + ": " + Failures.firstLine(e.getMessage()));
        err.flush();
        return e.exitCode();
    }

    /**
     * The command tree as {@link #main} runs it (tests run the same): usage errors and unexpected failures are
     * one line on stderr (see {@link Failures}).
     */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setParameterExceptionHandler(Failures::usage);
        cmd.setExecutionExceptionHandler(Failures::unexpected);
        return cmd;
    }

    /** Runs {@code switchboard} with UTF-8 output on any platform default charset, then exits with its code. */
    public static void main(String[] args) {
        PrintWriter out = utf8(FileDescriptor.out);
        PrintWriter err = utf8(FileDescriptor.err);
        int code = commandLine().setOut(out).setErr(err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    private static PrintWriter utf8(FileDescriptor fd) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(new FileOutputStream(fd),
                StandardCharsets.UTF_8), 1 << 16), false);
    }

    /** The version Maven wrote into {@code version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"switchboard " + p.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
