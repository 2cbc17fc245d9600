package io.switchboard.cli;

import io.switchboard.testkit.pbx.CallCenterTraffic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard demo}: the whole product on an embedded default. Starts a {@link DemoEnvironment}
 * (FakeAsterisk with call-center traffic, and the gateway with its dashboard against it), prints the dashboard
 * URL, a freshly made admin token, a curl example and the start-up time, and runs until Ctrl-C or
 * {@code --seconds}. {@code --console} shows the older terminal view ({@link ConsoleDemo}) instead.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Run the gateway and its live dashboard against an embedded FakeAsterisk with simulated "
                + "call-center traffic (queues, agents, transfers, parking, recordings, failures); prints the "
                + "dashboard URL and an admin token.",
                "Runs until Ctrl-C, or for --seconds."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by --seconds (Ctrl-C stops it cleanly too; the JVM then exits with 130, as on any "
                + "signal)", "2:invalid usage, or the demo could not start"})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--port", paramLabel = "PORT",
            description = "HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}, or any free port if it is taken; "
                    + "0: any free port).")
    int port = DemoEnvironment.DEFAULT_PORT;

    @Option(names = "--calls-per-minute", paramLabel = "R",
            description = "Mean rate of simulated calls per simulated minute (default: ${DEFAULT-VALUE}).")
    double callsPerMinute = CallCenterTraffic.Options.DEFAULT_CALLS_PER_MINUTE;

    @Option(names = "--speed", paramLabel = "X",
            description = "Run the simulated PBX X times faster than real time: calls are shorter and come X times "
                    + "as often (default: ${DEFAULT-VALUE}).")
    double speed = 1;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the simulated traffic: the same seed plays the same calls (default: random, "
                    + "printed at start).")
    Long seed;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop after S seconds (default: until Ctrl-C).")
    double seconds;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Use this API token (16+ printable characters) instead of a random one, for scripts "
                    + "and tests. It is visible to other users of this machine in the process list.")
    String token;

    @Option(names = "--db", paramLabel = "FILE",
            description = "Record the finished calls into this SQLite file and keep it (default: a temporary file, "
                    + "deleted when the demo stops). The dashboard's call statistics and `switchboard cdr` read it.")
    Path db;

    @Option(names = "--console",
            description = "Instead of the gateway, watch the calls in the terminal through the AMI client.")
    boolean console;

    @Option(names = "--originate-every", paramLabel = "S",
            description = "With --console: seconds between the client's own Originates; 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    double originateEvery = 5;

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
        if (!(callsPerMinute > 0) || Double.isInfinite(callsPerMinute) || seconds < 0 || Double.isNaN(seconds)
                || Double.isInfinite(seconds) || originateEvery < 0 || Double.isNaN(originateEvery)) {
            return Main.fail(spec, new CliException(Main.USAGE,
                    "--calls-per-minute must be positive, --seconds and --originate-every not negative"));
        }
        if (console) {
            return new ConsoleDemo(spec, seconds, callsPerMinute / 60, originateEvery).run();
        }
        DemoEnvironment demo;
        try {
            DemoEnvironment.Builder b = DemoEnvironment.builder().port(port).callsPerMinute(callsPerMinute)
                    .speed(speed);
            if (seed != null) {
                b.seed(seed);
            }
            if (token != null) {
                b.token(token);
            }
            if (db != null) {
                b.database(db);
            }
            demo = b.build();
        } catch (IllegalArgumentException e) {
            return Main.fail(spec, new CliException(Main.USAGE, e.getMessage(), e));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (StopSignal stop = StopSignal.install("demo", () -> { })) {
            signal = stop;
            try (demo) {
                try {
                    demo.start();
                } catch (RuntimeException e) {
                    return Main.fail(spec, new CliException(Main.USAGE, "the demo could not start: "
                            + Ami.reason(e), e));
                }
                printReady(out, demo, began);
                boolean stopped = seconds > 0
                        ? stop.await((long) (seconds * 1000), TimeUnit.MILLISECONDS) : awaitForever(stop);
                out.println((stopped ? "Stopping" : "Time is up") + ": " + demo.traffic().started()
                        + " simulated calls were started.");
                out.flush();
            }
        }
        return Main.OK;
    }

    /** The argument as one POSIX shell word (temporary directories rarely need it, user paths may). */
    static String shellQuote(String s) {
        return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-:+=,".indexOf(c) >= 0) ? s
                : "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean awaitForever(StopSignal stop) throws InterruptedException {
        stop.await();
        return true;
    }

    private void printReady(PrintWriter out, DemoEnvironment demo, long began) {
        String url = demo.url();
        out.printf("Switchboard demo: FakeAsterisk %s:%d with call-center traffic (%s calls/min, speed %sx, "
                        + "seed %d)%n", demo.fake().host(), demo.fake().port(), ConsoleDemo.fmt(demo.callsPerMinute()),
                ConsoleDemo.fmt(demo.speed()), demo.seed());
        if (demo.portFellBack()) {
            out.println("Port " + port + " is taken: listening on " + demo.gateway().port() + " instead.");
        }
        out.println();
        out.println("  Dashboard:  " + url + "   (open it in a browser; log in with the token)");
        out.println("  Token:      " + demo.token() + "   (role admin, valid while this demo runs)");
        out.println("  Try:        curl -H 'Authorization: Bearer " + demo.token() + "' " + url + "api/v1/channels");
        out.println("  Call records: " + demo.database() + (demo.databaseIsTemporary()
                ? "   (SQLite, deleted when the demo stops; --db FILE keeps them)" : "   (SQLite, kept)"));
        out.println("  Query them: switchboard cdr summary --db " + shellQuote("jdbc:sqlite:" + demo.database())
                + "   (or GET " + url + "api/v1/cdr)");
        out.println();
        long ready = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        long sinceJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.println("Ready in " + ready + " ms (" + sinceJvm + " ms since the JVM started). "
                + (seconds > 0 ? "Stopping after " + ConsoleDemo.fmt(seconds) + " s." : "Ctrl-C to stop."));
        out.flush();
    }
}
