package io.switchboard.recorder;

import io.switchboard.testkit.postgres.PostgresServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;

/**
 * A plain benchmark (not a test, no timing assertions): records per second through the whole recorder path
 * (spool append + fsync + batched idempotent insert + spool release) into SQLite and PostgreSQL, and the event
 * path with the event_storm transcript. Run from the recorder module with the test class path:
 * {@code java -cp <test classpath> io.switchboard.recorder.RecorderBenchmark [records]}.
 */
public final class RecorderBenchmark {
    private RecorderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("cdr-bench");
        try {
            run("SQLite", "jdbc:sqlite:" + dir.resolve("bench.db"), dir.resolve("spool-sqlite"), n);
            try (PostgresServer pg = PostgresServer.start()) {
                run("PostgreSQL", pg.jdbcUrl(), dir.resolve("spool-pg"), n);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String name, String url, Path spool, int n) throws Exception {
        try (CdrRecorder r = CdrRecorder.builder().jdbcUrl(url).spoolDirectory(spool).start()) {
            Instant t0 = Instant.parse("2026-11-26T00:00:00Z");
            warmUp(r, t0);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Instant s = t0.plusMillis(i * 10L);
                r.submit(CdrRecord.builder().server("bench").uniqueid("1795674476." + i).linkedid("1795674476." + i)
                        .source("6001").destination("7001").callerId("\"Bench\" <6001>").context("default")
                        .channel("PJSIP/6001-" + i).start(s).answer(s.plusSeconds(2)).end(s.plusSeconds(62))
                        .duration(62).billableSeconds(60).disposition("ANSWERED").accountCode("acme").build());
            }
            long spooled = System.nanoTime();
            awaitCommitted(r);
            long done = System.nanoTime();
            System.out.printf("%-10s %,d records: spooled %,.0f/s, committed %,.0f/s (%.2f s)%n", name, n,
                    n / ((spooled - start) / 1e9), n / ((done - start) / 1e9), (done - start) / 1e9);

            var events = Storm.events();
            long e0 = System.nanoTime();
            for (int round = 0; round < 5; round++) {
                for (var e : events) {
                    r.feed("storm" + round, e);
                }
            }
            awaitCommitted(r);
            long e1 = System.nanoTime();
            System.out.printf("%-10s event_storm x5: %,d events (%,d Cdr records) in %.2f s = %,.0f events/s%n", name,
                    5 * events.size(), 5 * 634, (e1 - e0) / 1e9, 5 * events.size() / ((e1 - e0) / 1e9));
        }
    }

    private static void warmUp(CdrRecorder r, Instant t0) throws Exception {
        for (int i = 0; i < 5_000; i++) {
            r.submit(CdrRecord.builder().server("warmup").uniqueid("w." + i).start(t0).end(t0).build());
        }
        awaitCommitted(r);
    }

    private static void awaitCommitted(CdrRecorder r) {
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> r.stats().pending() == 0);
    }
}
