package io.switchboard.cli;

import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiException;
import io.switchboard.live.CallerId;
import io.switchboard.live.Channel;
import io.switchboard.live.OriginateException;
import io.switchboard.live.OriginateRequest;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code switchboard originate}: places a call through the live model and waits for its outcome: the answered
 * channel (exit 0), or why it was not answered (busy, congestion, no answer, refused: exit 1). The call stays up
 * after the command ends; hang it up with {@code switchboard action Hangup Channel=...}.
 *
 * <p>The ring timeout is {@code --ring-timeout}: {@code --timeout} already names the connect and action deadline
 * of every command.
 */
@Command(name = "originate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Place a call and wait until it is answered or fails; print the channel or the reason.",
                "The secret comes from $" + ConnectionOptions.SECRET_ENV + " or --secret-file, never from the "
                        + "command line."},
        footerHeading = "%nExamples:%n",
        footer = {"  switchboard originate --user admin --to PJSIP/alice \\",
                "      --context from-internal --exten 100",
                "  switchboard originate --user admin --to PJSIP/alice \\",
                "      --app Playback --data hello-world --caller-id '\"Front desk\" <100>' \\",
                "      --var REASON=callback --ring-timeout 20"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the call was answered (the channel is printed)",
                "1:the call failed (busy, congestion, no answer...) or Asterisk refused the originate",
                "2:invalid usage, no secret, login refused, connection failed or lost, or no outcome in time"})
final class OriginateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--to", required = true, paramLabel = "DIAL", description = "Who to call, e.g. PJSIP/alice.")
    String to;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--caller-id", paramLabel = "CALLERID", description = "Caller ID: '\"Name\" <number>' or a number.")
    String callerId;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "A channel variable; repeatable.")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--ring-timeout", paramLabel = "SECONDS",
            description = "How long to let it ring (default: ${DEFAULT-VALUE}).")
    int ringSeconds = (int) OriginateRequest.DEFAULT_TIMEOUT.toSeconds();

    @Option(names = "--json", description = "Print one JSON object: the outcome and the channel or the reason.")
    boolean json;

    /** What the answered call runs: an application, or a dialplan location. */
    static final class Target {
        @ArgGroup(exclusive = false, multiplicity = "1")
        App app;
        @ArgGroup(exclusive = false, multiplicity = "1")
        Dialplan dialplan;
    }

    /** {@code --app APP [--data DATA]}. */
    static final class App {
        @Option(names = "--app", required = true, paramLabel = "APP", description = "Run this application, e.g. Playback.")
        String name;
        @Option(names = "--data", paramLabel = "DATA", description = "The application's arguments.")
        String data;
    }

    /** {@code --context C --exten E [--priority P]}. */
    static final class Dialplan {
        @Option(names = "--context", required = true, paramLabel = "C", description = "Dialplan context.")
        String context;
        @Option(names = "--exten", required = true, paramLabel = "E", description = "Dialplan extension.")
        String exten;
        @Option(names = "--priority", paramLabel = "P", description = "Dialplan priority (default: 1).")
        int priority = 1;
    }

    @Override
    public Integer call() {
        OriginateRequest request = request();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Live live = Live.connect(connection, main.env)) {
            try {
                Channel channel = live.server().originate(request)
                        .get(ringSeconds + Math.round(connection.timeoutSeconds) + 5L, TimeUnit.SECONDS);
                printAnswered(out, channel);
                return Main.OK;
            } catch (ExecutionException e) {
                return failed(out, err, e.getCause());
            } catch (TimeoutException e) {
                throw new CliException(Main.CONNECTION_FAILED, "no outcome of the originate to " + to + " from "
                        + connection.where());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(Main.CONNECTION_FAILED, "interrupted");
            }
        } catch (CliException e) {
            return Main.fail(spec, e);
        }
    }

    private OriginateRequest request() {
        if (ringSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ring-timeout must be at least 1 second");
        }
        Failures.requireOneLine(spec, "--to", to);
        Failures.requireOneLine(spec, "--caller-id", callerId);
        if (target.app != null) {
            Failures.requireOneLine(spec, "--app", target.app.name);
            Failures.requireOneLine(spec, "--data", target.app.data);
        } else {
            Failures.requireOneLine(spec, "--context", target.dialplan.context);
            Failures.requireOneLine(spec, "--exten", target.dialplan.exten);
        }
        variables.forEach((k, v) -> Failures.requireOneLine(spec, "--var", k + "=" + v));
        try {
            OriginateRequest.Builder b = OriginateRequest.to(to).timeout(Duration.ofSeconds(ringSeconds));
            if (target.app != null) {
                b.application(target.app.name, target.app.data);
            } else {
                b.dialplan(target.dialplan.context, target.dialplan.exten, target.dialplan.priority);
            }
            if (callerId != null) {
                b.callerId(CallerId.parse(callerId));
            }
            variables.forEach(b::variable);
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void printAnswered(PrintWriter out, Channel channel) {
        if (json) {
            Map<String, Object> o = JsonLines.object();
            o.put("outcome", "answered");
            o.put("channel", ChannelsCommand.json(channel.snapshot(), Instant.now()));
            JsonLines.write(out, o);
        } else {
            out.println("answered: " + channel.name() + " (uniqueid " + channel.uniqueid() + ", state "
                    + channel.state() + ")");
        }
        out.flush();
    }

    /** Exit 1 for a call that was not answered or refused; anything else is a connection problem (exit 2). */
    private int failed(PrintWriter out, PrintWriter err, Throwable cause) {
        Map<String, Object> o = JsonLines.object();
        o.put("outcome", "failed");
        String message;
        if (cause instanceof OriginateException e) {
            o.put("failure", e.failure().name());
            o.put("reason", e.reasonCode());
            message = e.failure() + " (Reason " + e.reasonCode() + ")";
        } else if (cause instanceof ActionFailedException e) {
            o.put("failure", "REFUSED");
            o.put("message", e.response().message());
            message = "refused: " + e.response().message();
        } else if (cause instanceof AmiException e) {
            throw new CliException(Main.CONNECTION_FAILED, "originate to " + to + " failed: " + e.getMessage(), e);
        } else if (cause instanceof IllegalArgumentException e) {
            // The model refused the request before sending it (checked above too; this keeps it one line).
            throw new CliException(Main.USAGE, "originate to " + to + " refused before sending: " + e.getMessage(), e);
        } else {
            throw new IllegalStateException(cause);
        }
        if (json) {
            JsonLines.write(out, o);
        } else {
            out.println("failed: " + message);
        }
        out.flush();
        err.println("switchboard originate: call to " + to + " failed: " + message);
        err.flush();
        return Main.ACTION_FAILED;
    }
}
