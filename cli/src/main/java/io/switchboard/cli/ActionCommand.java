package io.switchboard.cli;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Response;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code switchboard action NAME [Key=Value ...]}: logs in, sends one action, prints its response, and for a
 * list action ({@code EventList: start}) every item and the completion event. Each argument is split at its
 * first {@code =}, so {@code Variable=A=1} is the header {@code Variable: A=1}, and keys may repeat. In text
 * mode the output of {@code Command} follows the response headers as plain lines.
 */
@Command(name = "action",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Send one AMI action and print the response (and, for list actions, every item and the "
                + "Complete event).",
                "The secret comes from $" + ConnectionOptions.SECRET_ENV + " or --secret-file, never from the "
                        + "command line."},
        footerHeading = "%nExamples:%n",
        // Each line under 80 columns: picocli wraps longer footer lines at column 0, in the middle of a quote.
        footer = {"  SWITCHBOARD_SECRET=... switchboard action --user admin Ping",
                "  switchboard action --user admin --secret-file ~/.ami-secret \\",
                "      Command Command=\"core show uptime\"",
                "  switchboard action --user admin --json CoreShowChannels",
                "  switchboard action --user admin Originate Channel=Local/100@default \\",
                "      Application=Wait Data=5 Async=true Variable=A=1 Variable=B=2"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the action succeeded",
                "1:the server answered Response: Error (response on stdout, message on stderr)",
                "2:invalid usage, no secret, login refused, connection failed or lost, or no answer in time"})
final class ActionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--json", description = "Print JSON Lines, one object per packet, as decode --json does.")
    boolean json;

    @Parameters(index = "0", paramLabel = "NAME", description = "The action, e.g. Ping, Command, CoreShowChannels.")
    String name;

    @Parameters(index = "1..*", paramLabel = "Key=Value",
            description = "Headers, split at the first '='; keys may repeat (Variable=A=1 Variable=B=2).")
    List<String> headers = new ArrayList<>();

    @Override
    public Integer call() {
        Action action = buildAction();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            AmiConfig config = connection.oneShot(main.env);
            try (AmiClient client = Ami.connect(config)) {
                EventList list = send(client, action);
                print(out, list);
                return Main.OK;
            } catch (ActionFailedException e) {
                print(out, new EventList(e.response(), List.of(), null));
                err.println("switchboard action: " + e.getMessage());
                err.flush();
                return Main.ACTION_FAILED;
            }
        } catch (CliException e) {
            return Main.fail(spec, e);
        }
    }

    private Action buildAction() {
        try {
            Action action = Action.named(name);
            for (String arg : headers) {
                int eq = arg.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "expected Key=Value, got '" + arg + "'");
                }
                action = action.header(arg.substring(0, eq), arg.substring(eq + 1));
            }
            return action;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Sends as a list action: for an ordinary response the list is just that response. */
    private static EventList send(AmiClient client, Action action) {
        try {
            return client.sendList(action);
        } catch (ActionFailedException e) {
            throw e;
        } catch (AmiException e) {
            throw Ami.sendFailed(client, action.name(), e);
        }
    }

    private void print(PrintWriter out, EventList list) {
        PacketPrinter printer = json ? new JsonPacketPrinter(out) : new TextPacketPrinter(out);
        Response response = list.response();
        if (!json && response.has("Output")) {
            printCommandOutput(out, response.packet());
        } else {
            printer.onPacket(response.packet());
        }
        for (Event item : list.items()) {
            printer.onPacket(item.packet());
        }
        if (list.complete() != null) {
            printer.onPacket(list.complete().packet());
        }
        printer.flush();
        out.flush();
    }

    /** The response headers as a block, then the CLI output lines as the CLI prints them. */
    private static void printCommandOutput(PrintWriter out, Packet response) {
        List<String> output = new ArrayList<>();
        for (int i = 0; i < response.size(); i++) {
            if (response.keyEquals(i, "Output")) {
                output.add(response.value(i));
            } else {
                out.write(response.key(i) + ": " + response.value(i) + "\n");
            }
        }
        out.write('\n');
        for (String line : output) {
            out.write(line);
            out.write('\n');
        }
    }
}
