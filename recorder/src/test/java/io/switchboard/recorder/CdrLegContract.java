package io.switchboard.recorder;

import io.switchboard.ami.Event;
import io.switchboard.recorder.internal.Database;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A channel's several Cdrs (a transfer, ForkCDR) as legs of its UniqueID, on each database: part of
 * {@link RecorderContract}, so run by {@link SqliteRecorderTest} and {@link PostgresRecorderTest}.
 */
interface CdrLegContract {
    /** A URL of an empty database for this test. */
    String jdbcUrl();

    /** A recorder builder on {@code url} with the test's spool. */
    CdrRecorder.Builder recorder(String url);

    /** A recorder builder on {@code url} with a spool of its own (a second gateway). */
    CdrRecorder.Builder recorder(String url, String spool);

    /** Alice's Cdr; Bob transferring her to Carol gives her a second one with the same UniqueID. */
    static Event aliceCdr(String uid, String peer, String start, String end, int seconds) {
        return Event.of("Cdr", "Source", "6001", "Destination", "7000", "Channel", "PJSIP/alice-00000001",
                "DestinationChannel", peer, "LastApplication", "Dial", "StartTime", start, "AnswerTime", start,
                "EndTime", end, "Duration", Integer.toString(seconds), "BillableSeconds", Integer.toString(seconds),
                "Disposition", "ANSWERED", "UniqueID", uid);
    }

    static Event toBob(String uid) {
        return aliceCdr(uid, "PJSIP/bob-00000002", "2026-11-26 10:00:00", "2026-11-26 10:01:00", 60);
    }

    static Event toCarol(String uid) {
        return aliceCdr(uid, "PJSIP/carol-00000003", "2026-11-26 10:01:00", "2026-11-26 10:03:00", 120);
    }

    @Test
    default void aCdrHeardTwiceIsOneRowATransferredChannelsSecondCdrIsLeg2AndServersDoNotCollide() throws Exception {
        List<CdrRecord> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CdrRecorder r = recorder(jdbcUrl()).onCommitted((rec, inserted) -> told.add(rec)).start()) {
            r.feed("pbx1", toBob("1.10"));
            r.feed("pbx1", toCarol("1.10"));
            r.feed("pbx1", toBob("1.10"));
            r.feed("pbx2", toBob("1.10")); // another server numbering its channels the same way
            RecorderContract.awaitDrained(r);
            assertThat(r.stats().committed()).isEqualTo(3);
            assertThat(r.stats().duplicates()).isEqualTo(1);
            assertThat(r.store().find(CdrQuery.all())).extracting(CdrRecord::server, CdrRecord::uniqueid,
                            CdrRecord::leg, CdrRecord::billableSeconds)
                    .containsExactly(tuple("pbx1", "1.10", 1, 60L), tuple("pbx2", "1.10", 1, 60L),
                            tuple("pbx1", "1.10", 2, 120L));
            // Listeners (Kafka) are told the leg each record is stored as, a duplicate the leg it duplicates.
            assertThat(told).extracting(CdrRecord::server, CdrRecord::leg, CdrRecord::billableSeconds)
                    .containsExactly(tuple("pbx1", 1, 60L), tuple("pbx1", 2, 120L), tuple("pbx1", 1, 60L),
                            tuple("pbx2", 1, 60L));
            StringWriter csv = new StringWriter();
            r.store().exportCsv(CdrQuery.builder().server("pbx1").build(), csv);
            String[] lines = csv.toString().split("\r\n");
            assertThat(lines[0]).startsWith("server,uniqueid,leg,linkedid,");
            assertThat(lines[1]).startsWith("pbx1,1.10,1,");
            assertThat(lines[2]).startsWith("pbx1,1.10,2,");
        }
    }

    @Test
    default void twoLegsStartingTogetherAreOrderedByLeg() throws Exception {
        try (CdrRecorder r = recorder(jdbcUrl()).start()) {
            // ForkCDR: two Cdrs of one channel with the same start, told apart by their end.
            r.feed("pbx1", aliceCdr("4.1", "PJSIP/bob-1", "2026-11-26 10:00:00", "2026-11-26 10:05:00", 300));
            r.feed("pbx1", aliceCdr("4.1", "PJSIP/bob-1", "2026-11-26 10:00:00", "2026-11-26 10:02:00", 120));
            RecorderContract.awaitDrained(r);
            CdrQuery page = CdrQuery.builder().limit(1).build();
            assertThat(r.store().find(page)).extracting(CdrRecord::leg, CdrRecord::duration)
                    .containsExactly(tuple(1, 300L));
            assertThat(r.store().find(page.nextPage())).extracting(CdrRecord::leg, CdrRecord::duration)
                    .containsExactly(tuple(2, 120L));
        }
    }

    @Test
    default void afterARestartTheSecondCdrStillBecomesLeg2AndARedeliveredFirstCdrStaysOneRow() throws Exception {
        String url = jdbcUrl();
        try (CdrRecorder r = recorder(url).start()) {
            r.feed("pbx1", toBob("1.10"));
            RecorderContract.awaitDrained(r);
        }
        // A new recorder on the same database remembers nothing of the channel in memory.
        try (CdrRecorder r = recorder(url).start()) {
            r.feed("pbx1", toBob("1.10")); // redelivered (another gateway, a replayed connection)
            r.feed("pbx1", toCarol("1.10"));
            RecorderContract.awaitDrained(r);
            assertThat(r.stats().duplicates()).isEqualTo(1);
        }
        try (CdrRecorder r = recorder(url).start()) {
            r.feed("pbx1", toCarol("1.10")); // and the second one heard again after yet another restart
            r.feed("pbx1", toBob("1.10"));
            RecorderContract.awaitDrained(r);
            assertThat(r.stats().duplicates()).isEqualTo(2);
            assertThat(r.store().find(CdrQuery.all())).extracting(CdrRecord::uniqueid, CdrRecord::leg,
                            CdrRecord::destinationChannel)
                    .containsExactly(tuple("1.10", 1, "PJSIP/bob-00000002"), tuple("1.10", 2, "PJSIP/carol-00000003"));
        }
    }

    @Test
    default void aChannelRecordedFromItsLifecycleOrReconciledKeepsOneRecordAsBefore() throws Exception {
        CdrRecord.Builder derived = CdrRecord.builder().server("pbx1").start(Instant.ofEpochMilli(1_000))
                .answer(Instant.ofEpochMilli(2_000)).end(Instant.ofEpochMilli(9_000)).duration(8).billableSeconds(7)
                .disposition("ANSWERED");
        try (CdrRecorder r = recorder(jdbcUrl()).start()) {
            r.submit(derived.uniqueid("5.1").origin(CdrRecord.Origin.RECONCILED).build());
            r.submit(derived.uniqueid("5.1").origin(CdrRecord.Origin.CHANNEL_LIFECYCLE).end(Instant.ofEpochMilli(
                    10_000)).build());
            r.feed("pbx1", toBob("5.1")); // its Cdr, heard by another gateway that stayed connected
            r.feed("pbx1", toBob("6.1"));
            r.submit(derived.uniqueid("6.1").origin(CdrRecord.Origin.RECONCILED).build());
            RecorderContract.awaitDrained(r);
            assertThat(r.stats().duplicates()).isEqualTo(3);
            assertThat(r.store().find(CdrQuery.all())).extracting(CdrRecord::uniqueid, CdrRecord::leg,
                            CdrRecord::origin)
                    .containsExactlyInAnyOrder(tuple("5.1", 1, CdrRecord.Origin.RECONCILED),
                            tuple("6.1", 1, CdrRecord.Origin.CDR_EVENT));
        }
    }

    @Test
    default void twoRecordersWritingTheSameCdrsAtOnceStoreEachOnceAsLegs1And2() throws Exception {
        String url = jdbcUrl();
        int channels = 40;
        try (CdrRecorder a = recorder(url, "spool-a").start(); CdrRecorder b = recorder(url, "spool-b").start()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (CdrRecorder r : List.of(a, b)) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < channels; i++) {
                            r.feed("pbx1", toBob("7." + i));
                            r.feed("pbx1", toCarol("7." + i));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            RecorderContract.awaitDrained(a);
            RecorderContract.awaitDrained(b);
            List<CdrRecord> all = a.store().find(CdrQuery.all());
            assertThat(all).hasSize(2 * channels);
            Map<String, List<Integer>> legs = new ConcurrentHashMap<>(all.stream().collect(Collectors.groupingBy(
                    CdrRecord::uniqueid, Collectors.mapping(CdrRecord::leg, Collectors.toList()))));
            assertThat(legs).hasSize(channels).allSatisfy((uid, l) -> assertThat(l).containsExactlyInAnyOrder(1, 2));
            assertThat(a.stats().committed() + b.stats().committed()).isEqualTo(2L * channels);
        }
    }

    @Test
    default void aVersion1DatabaseIsMigratedKeepingItsRows() throws Exception {
        String url = jdbcUrl();
        String dialect = Database.dialectOf(url) == Database.Dialect.SQLITE ? "sqlite" : "postgresql";
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/" + dialect).target("1")
                .load().migrate();
        String columns = "INSERT INTO cdr (server, uniqueid, linkedid, source, destination, caller_id, context,"
                + " channel, destination_channel, start_ms, answer_ms, end_ms, duration, billable_seconds,"
                + " disposition, hangup_cause, account_code, user_field, recording_file, origin) VALUES ";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(columns + "('pbx1', '1.10', '', '6001', '7000', '', 'ctx', 'PJSIP/a', 'PJSIP/b', 1000, 2000,"
                    + " 61000, 60, 59, 'ANSWERED', '16', 'acc', '', '', 'CDR_EVENT')");
            // the version before legs stored a channel's second Cdr as UniqueID#2
            s.execute(columns + "('pbx1', '1.10#2', '', '6001', '7000', '', 'ctx', 'PJSIP/a', 'PJSIP/c', 61000,"
                    + " 61000, 181000, 120, 120, 'ANSWERED', '', 'acc', '', '', 'CDR_EVENT')");
            s.execute(columns + "('pbx1', '2.1#2', '', '6001', '7000', '', 'ctx', 'PJSIP/d', '', 5000, NULL,"
                    + " 9000, 4, 0, 'NO ANSWER', '', '', '', '', 'RECONCILED')");
        }
        CdrStore store = CdrStore.open(url);
        assertThat(store.find(CdrQuery.all())).extracting(CdrRecord::uniqueid, CdrRecord::leg, CdrRecord::hangupCause,
                        CdrRecord::billableSeconds, CdrRecord::answer)
                .containsExactly(tuple("1.10", 1, "16", 59L, Instant.ofEpochMilli(2000)),
                        tuple("2.1#2", 1, "", 0L, null), tuple("1.10", 2, "", 120L, Instant.ofEpochMilli(61000)));
        try (CdrRecorder r = recorder(url).start()) {
            r.feed("pbx1", toBob("3.1"));
            r.feed("pbx1", toCarol("3.1"));
            // A Cdr of a channel stored before the upgrade meets a row without a fingerprint: stored once.
            r.feed("pbx1", toBob("1.10"));
            RecorderContract.awaitDrained(r);
            assertThat(r.stats().committed()).isEqualTo(2);
        }
        assertThat(store.count(CdrQuery.all())).isEqualTo(5);
        assertThat(store.find(CdrQuery.all())).filteredOn(c -> c.uniqueid().equals("3.1"))
                .extracting(CdrRecord::leg).containsExactly(1, 2);
    }
}
