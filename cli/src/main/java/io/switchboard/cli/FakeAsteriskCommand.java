package io.switchboard.cli;

import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.FakeAsteriskMain;
import io.switchboard.testkit.pbx.SimulatedPbx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code switchboard fake-asterisk}: runs {@link FakeAsterisk} (through {@link FakeAsteriskMain#start}, so the
 * port rules and the listening line are the testkit's own) until the process is killed, optionally with
 * simulated calls ({@code --traffic}) so that {@code events} has something to show.
 */
@Command(name = "fake-asterisk",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Run FakeAsterisk, an AMI server that answers like Asterisk 22 (user admin, secret amp111), "
                + "until killed (Ctrl-C).",
                "Try it: SWITCHBOARD_SECRET=amp111 switchboard events --user admin --port PORT"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"2:invalid usage, or the port is not free",
                "130:stopped by Ctrl-C (143 by SIGTERM), after a clean stop"})
final class FakeAsteriskCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port on 127.0.0.1 (default: 5038 if free, else any free port; 0: any free port).")
    Integer port;

    @Option(names = "--traffic", paramLabel = "CALLS_PER_SECOND",
            description = "Simulate this many calls per second (the mix of a recorded event storm).")
    double traffic;

    private volatile StopSignal stop;

    /** A started FakeAsterisk with its simulated traffic; closing stops both. */
    record Running(FakeAsterisk fake, AutoCloseable traffic) implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (traffic != null) {
                    traffic.close();
                }
            } catch (Exception e) {
                // stopping the load generator cannot fail in a way that matters here
            } finally {
                fake.close();
            }
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Running running;
        try {
            running = start(spec.commandLine().getOut());
        } catch (CliException e) {
            return Main.fail(spec, e);
        }
        try (StopSignal signal = StopSignal.install("fake-asterisk", () -> { })) {
            stop = signal;
            try (running) {
                signal.await();
            }
            spec.commandLine().getOut().flush();
        }
        return Main.OK;
    }

    /** Stops a running {@code call()} (for tests; Ctrl-C does the same through the shutdown hook). */
    void stop() {
        StopSignal s = stop;
        if (s != null) {
            s.stop();
        }
    }

    /** Whether {@code call()} is waiting to be stopped. */
    boolean isRunning() {
        return stop != null && !stop.isStopRequested();
    }

    /** Starts the server (and traffic), prints the listening line to {@code out}, and returns at once. */
    Running start(PrintWriter out) {
        if (traffic < 0 || Double.isNaN(traffic) || Double.isInfinite(traffic)) {
            throw new CliException(Main.USAGE, "--traffic must be a positive number of calls per second");
        }
        List<String> args = new ArrayList<>();
        if (port != null) {
            args.add("--port");
            args.add(port.toString());
        }
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        FakeAsterisk fake;
        try (PrintStream capture = new PrintStream(banner, true, StandardCharsets.UTF_8)) {
            fake = FakeAsteriskMain.start(capture, args.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new CliException(Main.USAGE, e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new CliException(Main.USAGE, "cannot listen on port " + port + ": " + Ami.reason(e), e);
        }
        out.print(banner.toString(StandardCharsets.UTF_8));
        AutoCloseable load = null;
        if (traffic > 0) {
            SimulatedPbx pbx = fake.callEngine()
                    .filter(SimulatedPbx.class::isInstance).map(SimulatedPbx.class::cast)
                    .orElseThrow(() -> new IllegalStateException("FakeAsterisk has no SimulatedPbx"));
            load = pbx.simulateTraffic(traffic);
            out.println("Simulating " + ConsoleDemo.fmt(traffic) + " calls per second (Local channels through the lab dialplan)");
        }
        out.flush();
        return new Running(fake, load);
    }
}
