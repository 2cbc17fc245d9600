package io.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the whole comparison and prints a Markdown report: ingest, Ping round trips, paced dispatch latency,
 * a slow listener under backpressure, ingest in a 64 MB heap, then the JMH micro-benchmarks.
 *
 * <pre>
 * java -jar bench/target/switchboard-bench.jar [--quick] [--no-jmh] [--clients raw,switchboard,asterisk-java]
 *                                              [--out FILE]
 * </pre>
 *
 * Servers run in this JVM on 127.0.0.1 (ephemeral ports); every client runs in its own fresh JVM with
 * {@link Settings#CLIENT_FLAGS}. Each measurement is bounded in count and time.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.fullRun();
        Path out = Path.of("bench/target/bench-report.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> s = Settings.quickRun().withClients(s.clients());
                case "--no-jmh" -> s = s.withoutJmh();
                case "--clients" -> {
                    String list = args[++i];
                    s = s.withClients(list.equals("none") ? List.of() : Arrays.asList(list.split(",")));
                }
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: [--quick] [--no-jmh] [--clients raw,switchboard,asterisk-java]"
                            + " [--out FILE]");
                    System.exit(2);
                }
            }
        }
        Path logs = out.toAbsolutePath().getParent().resolve("bench-logs");
        Corpus corpus = Corpus.load();
        long t0 = System.nanoTime();
        String loadBefore = loadAverage();
        Report report = new Report(corpus, s);
        try (BlastServer blast = new BlastServer(corpus, BlastServer.Plan.blast(s.repeats()));
             BlastServer paced = new BlastServer(corpus, BlastServer.Plan.paced(s.pacedRate(), s.pacedEvents()));
             // The same pace for a fifth of the events first: the measured run starts with both sides' paced
             // paths compiled, as every other figure here is taken after a warm-up. Without it, the first
             // tens of milliseconds (interpreted code, JIT compiles) held up thousands of events and alone
             // decided every client's p99, raw's included.
             BlastServer pacedWarmup = new BlastServer(corpus, BlastServer.Plan.paced(s.pacedRate(),
                     Math.max(1, s.pacedEvents() / 5)));
             BlastServer memory = new BlastServer(corpus, BlastServer.Plan.blast(s.memoryRepeats()));
             BlastServer slow = new BlastServer(corpus, BlastServer.Plan.blast(s.slowRepeats()))) {
            // Rounds interleave the clients, so a change in background load hits all of them alike; each
            // round is a fresh JVM per client: warm-ups, then one measured ingest and one of each Ping run.
            for (int round = 1; round <= s.runs(); round++) {
                for (String client : s.clients()) {
                    progress("round " + round + "/" + s.runs() + ": ingest, ping: " + client);
                    blast.resetStats();
                    List<String> args1 = List.of("client=" + client, "mode=main", "port=" + blast.port(),
                            "warmups=" + s.warmups(), "runs=1", "seq=" + s.seqPings(),
                            "pipe=" + s.pipePings(), "window=" + s.window(), "limit=" + s.limitSeconds());
                    report.add(client, ChildJvm.run(Settings.CLIENT_FLAGS, args1,
                            logs.resolve(client + "-round" + round + ".log"), 15L * s.limitSeconds()));
                    report.stall(client, blast.maxStallNanos());
                }
            }
            for (String client : s.clients()) {
                progress("paced latency: " + client);
                report.add(client, ChildJvm.run(Settings.PACED_FLAGS, List.of("client=" + client, "mode=paced",
                        "port=" + paced.port(), "warmupPort=" + pacedWarmup.port(), "events=" + s.pacedEvents(),
                        "limit=" + s.limitSeconds()), logs.resolve(client + "-paced.log"), 3L * s.limitSeconds()));
            }
            for (String client : s.clients()) {
                progress("ingest in a 64 MB heap: " + client);
                List<String> flags = new ArrayList<>(Settings.CLIENT_FLAGS);
                flags.removeIf(f -> f.startsWith("-Xm"));
                flags.add(0, "-Xmx64m");
                report.add(client, ChildJvm.run(flags, List.of("client=" + client, "mode=memory",
                        "port=" + memory.port(), "limit=" + s.limitSeconds()),
                        logs.resolve(client + "-memory.log"), 2L * s.limitSeconds()));
            }
            if (s.clients().contains("switchboard")) {
                progress("10 µs/event listener, OverflowPolicy.BLOCK: switchboard");
                slow.resetStats();
                report.add("switchboard", ChildJvm.run(Settings.CLIENT_FLAGS, List.of("client=switchboard",
                        "mode=slow", "port=" + slow.port(), "workNanos=" + s.slowWorkNanos(),
                        "limit=" + s.limitSeconds()), logs.resolve("switchboard-slow.log"), 2L * s.limitSeconds()));
                report.slowStall(slow.maxStallNanos());
            }
        }
        progress("decoder per CPU-second");
        report.decoderCpu(DecoderCpu.measure(corpus, s.quick() ? 100 : 300, s.quick() ? 100 : 300));
        if (s.jmh()) {
            progress("JMH micro-benchmarks");
            report.jmh(Jmh.run(s, corpus));
        }
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("nproc", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("client flags", String.join(" ", Settings.CLIENT_FLAGS));
        machine.put("client flags, paced latency", String.join(" ", Settings.PACED_FLAGS));
        machine.put("wall time", String.format("%.0f s", (System.nanoTime() - t0) / 1e9));
        machine.put("load average (1/5/15 min) before / after", loadBefore + " / " + loadAverage());
        String md = report.markdown(machine);
        System.out.println(md);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md, StandardCharsets.UTF_8);
        progress("report written to " + out);
    }

    /** {@code /proc/loadavg}'s first three fields: other work on the machine skews every figure. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static void progress(String what) {
        System.err.println("[bench] " + what);
    }
}
