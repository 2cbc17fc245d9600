package io.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the clients' RESULT lines and renders the Markdown tables, ratios and target verdicts. */
final class Report {
    private final Corpus corpus;
    private final Settings s;
    private final Map<String, List<Map<String, String>>> byClient = new LinkedHashMap<>();
    private final Map<String, Long> stalls = new LinkedHashMap<>();
    private long slowStall;
    private List<Jmh.Row> jmh = List.of();
    private final List<String[]> targets = new ArrayList<>();

    Report(Corpus corpus, Settings s) {
        this.corpus = corpus;
        this.s = s;
    }

    void add(String client, List<Map<String, String>> results) {
        byClient.computeIfAbsent(client, k -> new ArrayList<>()).addAll(results);
    }

    /** Keeps the largest write stall the server saw for this client over all rounds. */
    void stall(String client, long nanos) {
        stalls.merge(client, nanos, Math::max);
    }

    void slowStall(long nanos) {
        slowStall = nanos;
    }

    private DecoderCpu.Result decoderCpu;

    void decoderCpu(DecoderCpu.Result r) {
        decoderCpu = r;
    }

    void jmh(List<Jmh.Row> rows) {
        jmh = rows;
    }

    private List<Map<String, String>> results(String client, String kind) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> m : byClient.getOrDefault(client, List.of())) {
            if (m.get("kind").equals(kind) && !"1".equals(m.get("warm"))) {
                out.add(m);
            }
        }
        return out;
    }

    private static double d(Map<String, String> m, String key) {
        return Double.parseDouble(m.getOrDefault(key, "0"));
    }

    /** Events/s of each measured ingest run of a client. */
    private double[] rates(String client, String kind) {
        return results(client, kind).stream().mapToDouble(m -> d(m, "events") * 1e9 / d(m, "nanos")).toArray();
    }

    String markdown(Map<String, String> machine) {
        StringBuilder b = new StringBuilder("## Results\n\n");
        machine.forEach((k, v) -> b.append("- ").append(k).append(": `").append(v).append("`\n"));
        b.append('\n');
        ingest(b);
        pings(b);
        latency(b);
        slow(b);
        memory(b);
        jmhTable(b);
        b.append("### Targets\n\n| target | measured | verdict |\n|---|---|---|\n");
        for (String[] t : targets) {
            b.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
        }
        return b.toString();
    }

    private void target(String what, String measured, boolean met) {
        targets.add(new String[] {what, measured, met ? "met" : "**missed**"});
    }

    private void ingest(StringBuilder b) {
        long sent = (long) s.repeats() * corpus.eventCount();
        double mbPerRun = s.repeats() * (double) corpus.eventBytes().length / 1e6;
        b.append("### Ingest: ").append(s.repeats()).append(" x the storm = ").append(sent).append(" events, ")
                .append(String.format("%.0f", mbPerRun)).append(" MB per run; ").append(s.runs())
                .append(" rounds, each a fresh JVM per client with ").append(s.warmups())
                .append(" warm-up run(s) then 1 measured run; median (min-max)\n\n")
                .append("| client | events/s | MB/s | events per CPU-second | delivered/sent | allocated B/event |"
                        + " GCs per run | max server write stall |\n|---|---|---|---|---|---|---|---|\n");
        for (String c : byClient.keySet()) {
            List<Map<String, String>> runs = results(c, "ingest");
            if (runs.isEmpty()) {
                continue;
            }
            double[] r = rates(c, "ingest");
            double[] mb = runs.stream().mapToDouble(m -> d(m, "events") / sent * mbPerRun * 1e3 / (d(m, "nanos") / 1e6))
                    .toArray();
            double[] alloc = runs.stream().mapToDouble(m -> d(m, "alloc") / Math.max(1, d(m, "events"))).toArray();
            double[] gcs = runs.stream().mapToDouble(m -> d(m, "gcCount")).toArray();
            long delivered = (long) runs.stream().mapToDouble(m -> d(m, "events")).min().orElse(0);
            double[] perCpu = runs.stream().mapToDouble(m -> d(m, "events") * 1e9 / Math.max(1, d(m, "cpu")))
                    .toArray();
            b.append(String.format("| %s | %s | %s | %s | %d / %d | %.0f | %.0f | %.1f ms |%n", c,
                    range(r, 1e6, "M"), range(mb, 1, ""), range(perCpu, 1e6, "M"), delivered, sent,
                    Stats.median(alloc), Stats.median(gcs),
                    stalls.getOrDefault(c, 0L) / 1e6));
        }
        double sb = Stats.median(rates("switchboard", "ingest"));
        double aj = Stats.median(rates("asterisk-java", "ingest"));
        double raw = Stats.median(rates("raw", "ingest"));
        b.append('\n');
        if (sb > 0 && aj > 0) {
            b.append(String.format("Switchboard / asterisk-java = **%.1fx**. ", sb / aj));
            target("ingest >= 10x asterisk-java", String.format("%.1fx", sb / aj), sb >= 10 * aj);
        }
        if (sb > 0 && raw > 0) {
            b.append(String.format("Switchboard / raw = **%.0f%%**.", 100 * sb / raw));
            target("ingest >= 50% of raw", String.format("%.0f%%", 100 * sb / raw), sb >= 0.5 * raw);
        }
        List<Map<String, String>> sbRuns = results("switchboard", "ingest");
        if (!sbRuns.isEmpty()) {
            boolean all = sbRuns.stream().allMatch(m -> d(m, "events") == sent);
            target("100% delivered", all ? "100% in every run" : "some runs short", all);
            double alloc = Stats.median(sbRuns.stream().mapToDouble(m -> d(m, "alloc") / d(m, "events")).toArray());
            double wire = corpus.eventBytes().length / (double) corpus.eventCount();
            target("allocation per event <= 2x wire bytes", String.format("%.0f B vs %.0f B wire (%.2fx)", alloc,
                    wire, alloc / wire), alloc <= 2 * wire);
        }
        b.append("\n\n");
    }

    private static String range(double[] v, double scale, String suffix) {
        String fmt = scale >= 1e6 ? "%.2f" : "%.0f";
        return String.format(fmt + "%s (" + fmt + "-" + fmt + ")", Stats.median(v) / scale, suffix,
                Stats.min(v) / scale, Stats.max(v) / scale);
    }

    private void pings(StringBuilder b) {
        b.append("### Ping round trips: ").append(s.seqPings()).append(" sequential, ").append(s.pipePings())
                .append(" pipelined with ").append(s.window()).append(" in flight, each after a warm-up of a fifth;"
                        + " median over the ").append(s.runs()).append(" rounds\n\n")
                .append("| client | sequential rt/s | p50 µs | p99 µs | pipelined rt/s | p50 µs | p99 µs |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (String c : byClient.keySet()) {
            if (results(c, "pingseq").isEmpty() || results(c, "pingpipe").isEmpty()) {
                continue;
            }
            b.append(String.format("| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", c, rt(c, "pingseq"),
                    med(c, "pingseq", "p50") / 1e3, med(c, "pingseq", "p99") / 1e3, rt(c, "pingpipe"),
                    med(c, "pingpipe", "p50") / 1e3, med(c, "pingpipe", "p99") / 1e3));
        }
        double sbSeq = rt("switchboard", "pingseq");
        double rawSeq = rt("raw", "pingseq");
        double sbPipe = rt("switchboard", "pingpipe");
        double rawPipe = rt("raw", "pingpipe");
        double ajPipe = rt("asterisk-java", "pingpipe");
        double ajSeq = rt("asterisk-java", "pingseq");
        b.append('\n');
        if (sbSeq > 0 && rawSeq > 0) {
            b.append(String.format("Sequential: Switchboard / raw = **%.0f%%**, / asterisk-java = %.1fx. ",
                    100 * sbSeq / rawSeq, ajSeq > 0 ? sbSeq / ajSeq : 0));
            target("sequential Ping within 10% of raw", String.format("%.0f%% of raw", 100 * sbSeq / rawSeq),
                    sbSeq >= 0.9 * rawSeq);
        }
        if (sbPipe > 0 && rawPipe > 0) {
            b.append(String.format("Pipelined: Switchboard / raw = **%.0f%%**, / asterisk-java = **%.1fx**.",
                    100 * sbPipe / rawPipe, ajPipe > 0 ? sbPipe / ajPipe : 0));
            target("pipelined Ping >= 50% of raw", String.format("%.0f%%", 100 * sbPipe / rawPipe),
                    sbPipe >= 0.5 * rawPipe);
            if (ajPipe > 0) {
                target("pipelined Ping >= 2x asterisk-java", String.format("%.1fx", sbPipe / ajPipe),
                        sbPipe >= 2 * ajPipe);
            }
        }
        b.append("\n\n");
    }

    private static double rt(Map<String, String> m) {
        return d(m, "completed") * 1e9 / d(m, "nanos");
    }

    /** Median round trips/s over the rounds. */
    private double rt(String client, String kind) {
        return Stats.median(results(client, kind).stream().mapToDouble(Report::rt).toArray());
    }

    /** Median of one field over the rounds. */
    private double med(String client, String kind, String key) {
        return Stats.median(results(client, kind).stream().mapToDouble(m -> d(m, key)).toArray());
    }

    private void latency(StringBuilder b) {
        b.append("### Dispatch latency, wire to listener, at ").append(s.pacedRate()).append(" events/s (")
                .append(s.pacedEvents()).append(" events; server stamps `Timestamp` at write, listener reads the"
                        + " wall clock)\n\n| client | events timed | p50 µs | p99 µs | p99.9 µs | max µs |\n"
                        + "|---|---|---|---|---|---|\n");
        for (String c : byClient.keySet()) {
            for (Map<String, String> m : results(c, "paced")) {
                b.append(String.format("| %s | %s / %d | %s | %s | %s | %s |%n", c, m.get("count"), s.pacedEvents(),
                        m.get("p50"), m.get("p99"), m.get("p999"), m.get("max")));
                if (c.equals("switchboard")) {
                    target("p99 dispatch latency < 1 ms at " + s.pacedRate() + " events/s", m.get("p99") + " µs",
                            d(m, "p99") < 1000 && d(m, "count") == s.pacedEvents());
                }
            }
        }
        b.append('\n');
    }

    private void slow(StringBuilder b) {
        List<Map<String, String>> r = results("switchboard", "slow");
        if (r.isEmpty()) {
            return;
        }
        Map<String, String> m = r.get(0);
        long sent = (long) s.slowRepeats() * corpus.eventCount();
        b.append("### Slow listener: ").append(s.slowWorkNanos() / 1000).append(" µs per event, queue 10,000,"
                + " OverflowPolicy.BLOCK (switchboard)\n\n| delivered / sent | dropped | max queued | elapsed |"
                + " max server write stall |\n|---|---|---|---|---|\n");
        b.append(String.format("| %s / %d | %s | %s | %.2f s | %.1f ms |%n%n", m.get("delivered"), sent,
                m.get("dropped"), m.get("maxQueued"), d(m, "nanos") / 1e9, slowStall / 1e6));
        target("0 events lost with a 10 µs listener and BLOCK", m.get("dropped") + " dropped, " + m.get("delivered")
                + " / " + sent + " delivered", d(m, "dropped") == 0 && d(m, "delivered") == sent);
    }

    private void memory(StringBuilder b) {
        long sent = (long) s.memoryRepeats() * corpus.eventCount();
        b.append("### Ingest of ").append(s.memoryRepeats()).append(" x the storm (").append(sent)
                .append(" events) with -Xmx64m\n\n| client | events/s | delivered / sent | GCs | GC time ms |"
                        + " GC % of wall | allocated B/event |\n|---|---|---|---|---|---|---|\n");
        for (String c : byClient.keySet()) {
            for (Map<String, String> m : results(c, "memory")) {
                double wallMs = d(m, "nanos") / 1e6;
                b.append(String.format("| %s | %.2fM | %s / %d | %s | %s | %.1f%% | %.0f |%n", c,
                        d(m, "events") * 1e3 / wallMs / 1e6, m.get("events"), sent, m.get("gcCount"), m.get("gcMillis"),
                        100 * d(m, "gcMillis") / wallMs, d(m, "alloc") / Math.max(1, d(m, "events"))));
                if (c.equals("switchboard")) {
                    target("100x storm in 64 MB without GC thrash (GC < 10% of wall, all delivered)",
                            String.format("%s GCs, %s ms (%.1f%%)", m.get("gcCount"), m.get("gcMillis"),
                                    100 * d(m, "gcMillis") / wallMs),
                            d(m, "gcMillis") < 0.1 * wallMs && d(m, "events") == sent);
                }
            }
        }
        b.append('\n');
    }

    private void jmhTable(StringBuilder b) {
        if (decoderCpu != null) {
            b.append(String.format("### Decoder per CPU-second (thread CPU time, %d passes over the recording from"
                    + " memory)%n%n**%.2f GB/s**, %.2f M packets/s per CPU-second.%n%n",
                    decoderCpu.passes(), decoderCpu.bytesPerCpuSecond() / 1e9, decoderCpu.packetsPerCpuSecond() / 1e6));
            target("decoder from memory >= 1 GB/s on one core (CPU time)",
                    String.format("%.2f GB/s per CPU-second", decoderCpu.bytesPerCpuSecond() / 1e9),
                    decoderCpu.bytesPerCpuSecond() >= 1e9);
        }
        if (jmh.isEmpty()) {
            return;
        }
        b.append("### JMH (1 fork, -prof gc)\n\n| benchmark | score | error | best iteration | unit |"
                + " allocated B/op |\n|---|---|---|---|---|---|\n");
        double bpp = corpus.raw().length / (double) corpus.packetCount();
        for (Jmh.Row r : jmh) {
            b.append(String.format("| %s | %.1f | %.1f | %.1f | %s | %.1f |%n", r.name(), r.score(), r.error(),
                    r.best(), r.unit(), r.allocPerOp()));
            if (r.name().endsWith("decodeCorpus")) {
                double bytesPerSec = r.score() * bpp;
                b.append(String.format("| decodeCorpus as bytes/s | %.2f GB/s | | %.2f GB/s | (%.0f B/packet) | |%n",
                        bytesPerSec / 1e9, r.best() * bpp / 1e9, bpp));
                target("decoder from memory >= 1 GB/s on one core (JMH, wall time)", String.format("%.2f GB/s (best iteration"
                        + " %.2f GB/s)", bytesPerSec / 1e9, r.best() * bpp / 1e9), bytesPerSec >= 1e9);
            }
        }
        b.append('\n');
    }
}
