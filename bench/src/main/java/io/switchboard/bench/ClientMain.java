package io.switchboard.bench;

import io.switchboard.bench.client.AsteriskJavaTarget;
import io.switchboard.bench.client.Meter;
import io.switchboard.bench.client.RawTarget;
import io.switchboard.bench.client.RoundTrips;
import io.switchboard.bench.client.SwitchboardTarget;
import io.switchboard.bench.client.Target;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Entry point of a client JVM started by {@link BenchMain}: runs one client's share of the scenarios against
 * servers the parent started, and prints one {@code RESULT ...} line per measurement on stdout.
 *
 * <p>Arguments are {@code key=value}: {@code client}, {@code mode} ({@code main}, {@code memory}, {@code slow},
 * {@code paced}), {@code port}, {@code warmups}, {@code runs}, {@code seq}, {@code pipe}, {@code window},
 * {@code warmupPort} and {@code events} (paced), {@code workNanos}, {@code limit} (seconds per measurement).
 */
public final class ClientMain {
    private ClientMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Target target = target(a.get("client"));
        Duration limit = Duration.ofSeconds(Long.parseLong(a.getOrDefault("limit", "120")));
        int port = Integer.parseInt(a.get("port"));
        switch (a.getOrDefault("mode", "main")) {
            case "main" -> main(target, a, port, limit);
            case "memory" -> ingestRuns(target, port, 0, 1, limit, "memory");
            case "paced" -> paced(target, a, port, limit);
            case "slow" -> slow((SwitchboardTarget) target, a, port, limit);
            default -> throw new IllegalArgumentException("mode " + a.get("mode"));
        }
        System.out.flush();
        System.exit(0); // asterisk-java leaves non-daemon threads behind
    }

    static Target target(String name) {
        return switch (name) {
            case "raw" -> new RawTarget();
            case "switchboard" -> new SwitchboardTarget();
            case "asterisk-java" -> new AsteriskJavaTarget();
            default -> throw new IllegalArgumentException("client " + name);
        };
    }

    private static void main(Target t, Map<String, String> a, int port, Duration limit) throws Exception {
        ingestRuns(t, port, Integer.parseInt(a.get("warmups")), Integer.parseInt(a.get("runs")), limit, "ingest");
        int seq = Integer.parseInt(a.get("seq"));
        int pipe = Integer.parseInt(a.get("pipe"));
        int window = Integer.parseInt(a.get("window"));
        t.pingSequential(port, seq / 5, limit);
        report("pingseq", t.pingSequential(port, seq, limit));
        t.pingPipelined(port, pipe / 5, window, limit);
        report("pingpipe", t.pingPipelined(port, pipe, window, limit));
    }

    /** A warm-up at the same pace for a fifth of the events (both sides' paced paths compiled), then the run. */
    private static void paced(Target t, Map<String, String> a, int port, Duration limit) throws Exception {
        int events = Integer.parseInt(a.get("events"));
        t.pacedLatencies(Integer.parseInt(a.get("warmupPort")), Math.max(1, events / 5), limit);
        long[] lat = t.pacedLatencies(port, events, limit);
        System.out.println("RESULT paced count=" + lat.length + " p50=" + Stats.percentile(lat, 50)
                + " p99=" + Stats.percentile(lat, 99) + " p999=" + Stats.percentile(lat, 99.9)
                + " max=" + Stats.percentile(lat, 100));
    }

    private static void ingestRuns(Target t, int port, int warmups, int runs, Duration limit, String kind)
            throws Exception {
        for (int i = 0; i < warmups + runs; i++) {
            Meter m = new Meter();
            long events = t.ingest(port, m, limit);
            System.out.println("RESULT " + kind + " warm=" + (i < warmups ? 1 : 0) + " events=" + events
                    + " nanos=" + m.nanos() + " cpu=" + m.cpuNanos() + " alloc=" + m.allocatedBytes() + " gcCount=" + m.gcCount()
                    + " gcMillis=" + m.gcMillis() + " heapMax=" + Runtime.getRuntime().maxMemory()
                    + (t instanceof AsteriskJavaTarget aj ? " synthesized=" + aj.lastSynthesized : ""));
            System.out.flush();
        }
    }

    private static void report(String kind, RoundTrips r) {
        System.out.println("RESULT " + kind + " completed=" + r.completed() + " nanos=" + r.nanos()
                + " p50=" + Stats.percentile(r.latencies(), 50) + " p99=" + Stats.percentile(r.latencies(), 99));
        System.out.flush();
    }

    private static void slow(SwitchboardTarget t, Map<String, String> a, int port, Duration limit) throws Exception {
        long work = Long.parseLong(a.get("workNanos"));
        long t0 = System.nanoTime();
        long[] r = t.slowIngest(port, work, 10_000, limit);
        System.out.println("RESULT slow delivered=" + r[0] + " dropped=" + r[1] + " maxQueued=" + r[2]
                + " nanos=" + (System.nanoTime() - t0));
    }
}
