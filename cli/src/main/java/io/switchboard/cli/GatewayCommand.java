package io.switchboard.cli;

import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code switchboard gateway -c switchboard.yml}: runs the gateway (REST API, WebSocket events, dashboard)
 * against the Asterisk servers a configuration file names, until Ctrl-C. A configuration that cannot be read or
 * is invalid, or a secret it names that cannot be read, is one line on stderr and exit code 2; a server that
 * cannot be reached is retried in the background.
 */
@Command(name = "gateway",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Run the gateway: the HTTP/WebSocket API and live dashboard over the Asterisk servers in a "
                + "switchboard.yml (see gateway/switchboard.example.yml).",
                "Serves at once and connects the servers in the background (an unreachable one is retried; /health says "
                        + "degraded meanwhile), then runs until Ctrl-C (or --seconds)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by --seconds (Ctrl-C stops it cleanly too; the JVM then exits with 130, as on any "
                + "signal)",
                "2:invalid usage, a configuration file that cannot be read or is invalid, or a start-up failure "
                        + "(a secret missing or unreadable, the port taken)"})
final class GatewayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "The configuration file (YAML).")
    Path config;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop after S seconds (default: until Ctrl-C).")
    double seconds;

    private volatile StopSignal signal;

    /** Stops a running {@code call()} (for tests; Ctrl-C does the same through the shutdown hook). */
    void stop() {
        StopSignal s = signal;
        if (s != null) {
            s.stop();
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        long began = System.nanoTime();
        if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return Main.fail(spec, new CliException(Main.USAGE, "--seconds must not be negative"));
        }
        if (!Files.isRegularFile(config)) {
            return Main.fail(spec, new CliException(Main.USAGE, config + ": no such file"));
        }
        GatewayConfig cfg;
        try {
            cfg = GatewayConfig.load(config);
        } catch (RuntimeException e) {
            // The reader's messages name the file or the key at fault: "servers[0].port: an integer is required".
            return Main.fail(spec, new CliException(Main.USAGE, "invalid configuration " + config + ": "
                    + describe(e), e));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (StopSignal stop = StopSignal.install("gateway", () -> { });
             Gateway gateway = new Gateway(cfg)) {
            signal = stop;
            try {
                gateway.start();
            } catch (RuntimeException e) {
                return Main.fail(spec, new CliException(Main.CONNECTION_FAILED, "could not start: " + describe(e),
                        e));
            }
            String servers = cfg.servers().stream().map(s -> s.name() + " (" + s.host() + ":" + s.port() + ")")
                    .collect(Collectors.joining(", "));
            out.println("Switchboard gateway: http://" + host(cfg.bindAddress()) + ":" + gateway.port()
                    + "/ for " + servers + "; " + cfg.tokens().size() + " API token(s).");
            out.println("Ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms. "
                    + (seconds > 0 ? "Stopping after " + ConsoleDemo.fmt(seconds) + " s." : "Ctrl-C to stop."));
            out.flush();
            if (seconds > 0) {
                stop.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
            out.println("Stopping.");
            out.flush();
        }
        return Main.OK;
    }

    /** An IPv6 literal needs brackets in a URL. */
    private static String host(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    /** The exception's own message, plus the innermost cause's when that says something more; one line. */
    static String describe(Throwable e) {
        String top = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        String root = Ami.reason(e);
        return oneLine(top.contains(root) ? top : top + ": " + root);
    }

    /**
     * A YAML parser's message spans lines: what went wrong, where, then the offending line indented with a caret
     * under the column. The indented lines are dropped (the position is in the text) and the rest joined.
     */
    static String oneLine(String message) {
        StringBuilder b = new StringBuilder();
        for (String line : message.split("\\R")) {
            if (line.isBlank() || line.startsWith("  ")) {
                continue;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(line.strip());
        }
        return b.toString();
    }
}
