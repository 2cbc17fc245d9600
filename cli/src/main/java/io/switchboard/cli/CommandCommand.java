package io.switchboard.cli;

import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * {@code switchboard command core show channels}: runs Asterisk CLI commands through AMI's {@code Command} action
 * and prints their output as the Asterisk console would ({@code asterisk -rx}), without a shell on the PBX.
 * The words are joined with spaces, so quoting is optional. Without words, commands are read from standard
 * input, one per line, and all run on one connection: a script of CLI commands. A command Asterisk refuses
 * ({@code Response: Error}, e.g. no such command) prints its output too, is reported on stderr, and makes the
 * exit code 1; the commands after it still run.
 */
@Command(name = "command",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Run Asterisk CLI commands (the Command action) and print their output.",
                "Without WORDs, read one command per line from standard input (blank lines and lines starting "
                        + "with # are skipped) and run them in order on one connection.",
                "The secret comes from $" + ConnectionOptions.SECRET_ENV + " or --secret-file, never from the "
                        + "command line."},
        footerHeading = "%nExamples:%n",
        footer = {"  SWITCHBOARD_SECRET=... switchboard command --user admin core show channels",
                "  printf 'core show uptime\\npjsip show endpoints\\n' | \\",
                "      switchboard command --user admin",
                "  switchboard command --user admin --json core show version"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every command succeeded",
                "1:Asterisk refused a command (its output on stdout, the reason on stderr)",
                "2:invalid usage, no secret, login refused, connection failed or lost, or no answer in time"})
final class CommandCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--json", description = "Print one JSON object per command: "
            + "{\"command\":...,\"success\":true|false,\"output\":[lines]}.")
    boolean json;

    @Parameters(arity = "0..*", paramLabel = "WORD", description = "The CLI command, e.g. core show channels.")
    List<String> words = new ArrayList<>();

    /** Standard input, replaceable in tests. */
    InputStream stdin = System.in;

    /** Whether a person is at the terminal (replaceable in tests): then reading stdin gets a hint first. */
    BooleanSupplier interactive = () -> System.console() != null;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!words.isEmpty()) {
                // A bad argument, so a usage error before connecting (a script line cannot hold a LF: it is split).
                Failures.requireOneLine(spec, "the command", String.join(" ", words));
            }
            List<String> commands = words.isEmpty() ? readCommands() : List.of(String.join(" ", words));
            if (commands.isEmpty()) {
                return Main.OK; // an empty script is a successful one
            }
            AmiConfig config = connection.oneShot(main.env);
            int failed = 0;
            try (AmiClient client = Ami.connect(config)) {
                for (String command : commands) {
                    if (!run(client, command, out, err)) {
                        failed++;
                    }
                }
            }
            return failed == 0 ? Main.OK : Main.ACTION_FAILED;
        } catch (CliException e) {
            return Main.fail(spec, e);
        }
    }

    /** Runs one command and prints its output; false if Asterisk answered with an error. */
    private boolean run(AmiClient client, String command, PrintWriter out, PrintWriter err) {
        List<String> output;
        boolean success;
        String message = null;
        try {
            output = client.command(command);
            success = true;
        } catch (ActionFailedException e) {
            output = e.response().output();
            success = false;
            message = e.response().message() == null ? "refused" : e.response().message();
        } catch (IllegalArgumentException e) {
            // CR/LF in the command: it would smuggle headers into the action, so it is never sent.
            output = List.of();
            success = false;
            message = e.getMessage();
        } catch (AmiException e) {
            throw Ami.sendFailed(client, "Command '" + command + "'", e);
        }
        if (json) {
            Map<String, Object> o = JsonLines.object();
            o.put("command", command);
            o.put("success", success);
            o.put("output", output);
            JsonLines.write(out, o);
        } else {
            output.forEach(out::println);
        }
        out.flush();
        if (!success) {
            err.println("switchboard command: '" + command + "' failed: "
                    + (output.isEmpty() ? message : output.get(0)));
            err.flush();
        }
        return success;
    }

    private List<String> readCommands() {
        if (interactive.getAsBoolean()) {
            // Without words the command reads a script; at a terminal that looks like a hang unless it says so.
            PrintWriter err = spec.commandLine().getErr();
            err.println("switchboard command: no WORDs given, so reading commands from standard input, one per line; "
                    + "end with Ctrl-D (e.g. switchboard command --user admin core show uptime)");
            err.flush();
        }
        List<String> commands = new ArrayList<>();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.strip();
                if (!command.isEmpty() && !command.startsWith("#")) {
                    commands.add(command);
                }
            }
            return commands;
        } catch (IOException e) {
            throw new CliException(Main.USAGE, "cannot read commands from standard input: " + e.getMessage(), e);
        }
    }
}
