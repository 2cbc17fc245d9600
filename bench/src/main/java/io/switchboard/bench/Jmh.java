package io.switchboard.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the benchmarks of {@code io.switchboard.bench.jmh} in one forked JVM with the GC profiler. */
final class Jmh {
    /** One benchmark's primary score and its allocation per operation ({@code gc.alloc.rate.norm}). */
    record Row(String name, double score, double error, double best, String unit, double allocPerOp) {
    }

    private Jmh() {
    }

    /** The best iteration: on a machine shared with other work, the least disturbed one. */
    private static double best(Result<?> r) {
        boolean lowerIsBetter = r.getScoreUnit().endsWith("/op");
        return lowerIsBetter ? r.getStatistics().getMin() : r.getStatistics().getMax();
    }

    static List<Row> run(Settings s, Corpus corpus) throws RunnerException {
        Options opt = new OptionsBuilder()
                .include("io\\.switchboard\\.bench\\.jmh\\..*")
                .forks(1)
                .warmupIterations(s.jmhWarmups())
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(s.jmhIterations())
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs(Settings.CLIENT_FLAGS.toArray(new String[0]))
                .addProfiler(GCProfiler.class)
                .build();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : new Runner(opt).run()) {
            Result<?> primary = r.getPrimaryResult();
            double alloc = Double.NaN;
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    alloc = e.getValue().getScore();
                }
            }
            String name = r.getParams().getBenchmark();
            rows.add(new Row(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    primary.getScore(), primary.getScoreError(), best(primary), primary.getScoreUnit(), alloc));
        }
        return rows;
    }
}
