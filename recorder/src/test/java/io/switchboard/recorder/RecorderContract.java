package io.switchboard.recorder;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Backoff;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.Event;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.SimulatedPbx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The recorder's behaviour, run against each database by a subclass ({@link SqliteRecorderTest},
 * {@link PostgresRecorderTest}): the same suite on both.
 */
abstract class RecorderContract implements CdrLegContract {
    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** A URL of an empty database for this test. */
    @Override
    public abstract String jdbcUrl();

    /** Makes the database refuse writes (outage, locked or full database). */
    abstract void databaseDown() throws Exception;

    /** Undoes {@link #databaseDown()}. */
    abstract void databaseUp() throws Exception;

    @BeforeEach
    void noCloseables() {
        closeables.clear();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        databaseUp();
    }

    <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    @Override
    public CdrRecorder.Builder recorder(String url) {
        return recorder(url, "spool");
    }

    @Override
    public CdrRecorder.Builder recorder(String url, String spool) {
        return CdrRecorder.builder().jdbcUrl(url).spoolDirectory(tmp.resolve(spool))
                .maxRetryBackoff(Duration.ofMillis(200)).closeGrace(Duration.ofSeconds(10));
    }

    static void awaitDrained(CdrRecorder r) {
        await().atMost(Duration.ofSeconds(60)).until(() -> r.stats().pending() == 0);
    }

    static void feedAll(CdrRecorder r, List<Event> events) throws InterruptedException {
        for (Event e : events) {
            r.feed("storm", e);
        }
    }

    @Test
    void eventStormYieldsExactlyItsCdrRecordsAndAReplayChangesNothing() throws Exception {
        Set<String> expected = Storm.cdrUniqueids();
        assertThat(expected).hasSize(Storm.cdrBlocks()).hasSize(634);
        String url = jdbcUrl();
        List<Event> events = Storm.events();
        try (CdrRecorder r = recorder(url).cdrGrace(Duration.ofMinutes(5)).start()) {
            feedAll(r, events);
            awaitDrained(r);
            assertThat(r.stats().committed()).isEqualTo(expected.size());
            assertThat(r.stats().duplicates()).isZero();
            List<CdrRecord> rows = r.store().find(CdrQuery.all());
            assertThat(rows).extracting(CdrRecord::uniqueid).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(rows).allSatisfy(c -> {
                assertThat(c.origin()).isEqualTo(CdrRecord.Origin.CDR_EVENT);
                assertThat(c.disposition()).isEqualTo("ANSWERED");
                assertThat(c.end()).isAfterOrEqualTo(c.start());
            });
            CdrRecord one = rows.stream().filter(c -> c.uniqueid().equals("1795674476.59")).findFirst().orElseThrow();
            assertThat(one.source()).isEqualTo("6012");
            assertThat(one.destination()).isEqualTo("stormleg");
            assertThat(one.callerId()).isEqualTo("\"Storm 12\" <6012>");
            assertThat(one.channel()).isEqualTo("Local/storm@test-0000001e;1");
            assertThat(one.duration()).isEqualTo(1);
            assertThat(one.billableSeconds()).isEqualTo(1);
            assertThat(one.linkedid()).isNotEmpty(); // joined from the Newchannel seen before
            assertThat(one.hangupCause()).isNotEmpty(); // and the Hangup
        }
        // Replay into the same database: every record is a duplicate, nothing changes.
        try (CdrRecorder r = recorder(url).cdrGrace(Duration.ofMinutes(5)).start()) {
            feedAll(r, events);
            awaitDrained(r);
            assertThat(r.stats().committed()).isZero();
            assertThat(r.stats().duplicates()).isEqualTo(expected.size());
            assertThat(r.store().count(CdrQuery.all())).isEqualTo(expected.size());
        }
    }

    @Test
    void commitListenersHearEveryRecordOnceDurableWithInsertedOrDuplicateAndAFailingOneStopsNothing()
            throws Exception {
        String url = jdbcUrl();
        List<CdrRecord> records = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        for (int i = 0; i < 50; i++) {
            records.add(CdrRecord.builder().server("pbx").uniqueid("17000." + i).start(t0).end(t0.plusSeconds(i))
                    .duration(i).disposition("ANSWERED").build());
        }
        java.util.Map<String, List<Boolean>> heard = new ConcurrentHashMap<>();
        // Per record, whether another connection could already read it when the listener heard it.
        java.util.Map<String, Boolean> durableWhenHeard = new ConcurrentHashMap<>();
        try (CdrRecorder r = recorder(url).onCommitted((rec, inserted) -> {
                    heard.computeIfAbsent(rec.uniqueid(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(inserted);
                    // The row is already committed: another connection can read it.
                    durableWhenHeard.put(rec.uniqueid(), committedRow(url, rec.uniqueid()));
                })
                .onCommitted((rec, inserted) -> { throw new AssertionError("listener bug"); })
                .start()) {
            for (CdrRecord c : records.subList(0, 30)) {
                r.submit(c);
            }
            awaitDrained(r);
            // Awaiting the durability checks too: the listener adds to heard before it runs its check.
            await().atMost(Duration.ofSeconds(30)).until(() -> durableWhenHeard.size() == 30);
            assertThat(heard).hasSize(30);
            assertThat(heard.values()).containsOnly(List.of(true));
            assertThat(durableWhenHeard.values()).containsOnly(true);
            // The failing listener runs after the first one for each record.
            await().atMost(Duration.ofSeconds(30)).until(() -> r.listenerErrors() == 30);
            // The writer survived the failing listener: later records still commit and are heard.
            List<Boolean> late = java.util.Collections.synchronizedList(new ArrayList<>());
            AutoCloseable handle = r.addCommitListener((rec, inserted) -> late.add(inserted));
            for (CdrRecord c : records.subList(30, 50)) {
                r.submit(c);
            }
            awaitDrained(r);
            await().atMost(Duration.ofSeconds(30)).until(() -> late.size() == 20 && heard.size() == 50);
            handle.close();
            r.submit(records.get(0)); // a duplicate: heard by the builder's listener only, with inserted=false
            awaitDrained(r);
            await().atMost(Duration.ofSeconds(30)).until(() -> r.listenerErrors() == 51);
            assertThat(late).hasSize(20).containsOnly(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> heard.get(records.get(0).uniqueid()).size() == 2);
            assertThat(heard.get(records.get(0).uniqueid())).containsExactly(true, false);
            assertThat(heard.values()).filteredOn(l -> l.size() == 1).hasSize(49).containsOnly(List.of(true));
            assertThat(r.stats().committed()).isEqualTo(50);
        }
        // Another recorder on the same database (a second gateway, or a spool replay) writing the same calls.
        List<String> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        try (CdrRecorder r = recorder(url).onCommitted((rec, inserted) -> {
            if (!inserted) {
                duplicates.add(rec.uniqueid());
            }
        }).start()) {
            for (CdrRecord c : records) {
                r.submit(c);
            }
            awaitDrained(r);
            await().atMost(Duration.ofSeconds(30)).until(() -> duplicates.size() == 50);
            assertThat(r.stats().duplicates()).isEqualTo(50);
        }
    }

    /** Whether the row is visible to another connection, i.e. committed. */
    private static boolean committedRow(String url, String uniqueid) {
        return CdrStore.unmigrated(url, null, null).find(CdrQuery.all()).stream()
                .anyMatch(c -> c.uniqueid().equals(uniqueid));
    }

    @Test
    void databaseOutageDuringTrafficLosesAndDuplicatesNothing() throws Exception {
        Set<String> expected = Storm.cdrUniqueids();
        List<Event> events = Storm.events();
        try (CdrRecorder r = recorder(jdbcUrl()).cdrGrace(Duration.ofMinutes(5)).start()) {
            int third = events.size() / 3;
            feedAll(r, events.subList(0, third));
            databaseDown();
            feedAll(r, events.subList(third, 2 * third));
            await().atMost(Duration.ofSeconds(30)).until(() -> r.stats().dbErrors() > 0);
            assertThat(r.stats().dbAvailable()).isFalse();
            assertThat(r.stats().pending()).isPositive();
            assertThat(r.stats().spoolBytes()).isPositive();
            feedAll(r, events.subList(2 * third, events.size()));
            databaseUp();
            awaitDrained(r);
            assertThat(r.stats().dbAvailable()).isTrue();
            assertThat(r.stats().spoolBytes()).isZero();
            assertThat(r.stats().committed() + r.stats().duplicates()).isEqualTo(expected.size());
            assertThat(r.store().find(CdrQuery.all())).extracting(CdrRecord::uniqueid)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void whatIsSpooledWhenTheDatabaseIsDownIsReplayedByTheNextStart() throws Exception {
        Set<String> expected = Storm.cdrUniqueids();
        String url = jdbcUrl();
        try (CdrRecorder r = recorder(url).cdrGrace(Duration.ofMinutes(5)).closeGrace(Duration.ZERO).start()) {
            databaseDown();
            feedAll(r, Storm.events());
            assertThat(r.stats().spooled()).isGreaterThan(expected.size());
        }
        databaseUp();
        try (CdrRecorder r = recorder(url).start()) {
            awaitDrained(r);
            assertThat(r.store().find(CdrQuery.all())).extracting(CdrRecord::uniqueid)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(r.stats().spoolBytes()).isZero();
        }
    }

    @Test
    void fullSpoolBlocksIngestionUntilTheDatabaseCatchesUp() throws Exception {
        List<Event> events = Storm.events();
        try (CdrRecorder r = recorder(jdbcUrl()).cdrGrace(Duration.ofMinutes(5)).maxSpoolBytes(64 * 1024).start()) {
            databaseDown();
            Thread feeder = new Thread(() -> {
                try {
                    feedAll(r, events);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            feeder.start();
            // Blocked, not dropping: the feeder waits on the full spool.
            await().atMost(Duration.ofSeconds(30)).until(() -> r.stats().spoolFullWaits() > 0);
            assertThat(feeder.isAlive()).isTrue();
            assertThat(r.stats().spoolBytes()).isLessThanOrEqualTo(64 * 1024);
            databaseUp();
            feeder.join(60_000);
            assertThat(feeder.isAlive()).isFalse();
            awaitDrained(r);
            assertThat(r.store().count(CdrQuery.all())).isEqualTo(634);
        }
    }

    @Test
    void serverWithoutCdrEventsGetsLifecycleRecordsOfItsAnsweredLegs() throws Exception {
        SimulatedPbx[] pbx = new SimulatedPbx[1];
        // read permission without "cdr": the server sends no Cdr events, as one without cdr_manager.
        FakeAsterisk fake = closeLater(FakeAsterisk.builder()
                .account("admin", "amp111", "system,call,agent,user,dialplan,reporting", "all")
                .callEngine(b -> pbx[0] = SimulatedPbx.builder().timeScale(0.01).build(b)).start());
        Observed seen = new Observed();
        AmiClient client = closeLater(AmiClient.connect(config(fake), c -> c.onAny(seen::add)));
        CdrRecorder r = closeLater(recorder(jdbcUrl()).cdrGrace(Duration.ofMillis(100)).start());
        closeLater(r.attach("pbx1", client));
        pbx[0].simulateCalls(60, 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.originateResponses.size() == 60
                && pbx[0].channels().isEmpty());
        seen.sync(fake);
        Set<String> expected = seen.answeredAndHungUp();
        assertThat(seen.cdrs).isEmpty();
        assertThat(expected).isNotEmpty();
        assertThat(seen.hungUp.size()).isGreaterThan(expected.size()); // the mix has busy/rejected calls
        await().atMost(Duration.ofSeconds(30)).until(() -> r.stats().openChannels() == 0 && r.stats().pending() == 0
                && r.store().count(CdrQuery.all()) == expected.size());
        List<CdrRecord> rows = r.store().find(CdrQuery.all());
        assertThat(rows).extracting(CdrRecord::uniqueid).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows).allSatisfy(c -> {
            assertThat(c.origin()).isEqualTo(CdrRecord.Origin.CHANNEL_LIFECYCLE);
            assertThat(c.server()).isEqualTo("pbx1");
            assertThat(c.linkedid()).isNotEmpty();
            assertThat(c.answer()).isNotNull();
            assertThat(c.billableSeconds()).isLessThanOrEqualTo(c.duration());
            assertThat(c.disposition()).isEqualTo("ANSWERED");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> r.stats().openChannels() == 0);
    }

    @Test
    void serverWithCdrEventsIsRecordedFromThemOnly() throws Exception {
        SimulatedPbx[] pbx = new SimulatedPbx[1];
        FakeAsterisk fake = closeLater(FakeAsterisk.builder()
                .callEngine(b -> pbx[0] = SimulatedPbx.builder().timeScale(0.01).build(b)).start());
        Observed seen = new Observed();
        AmiClient client = closeLater(AmiClient.connect(config(fake), c -> c.onAny(seen::add)));
        CdrRecorder r = closeLater(recorder(jdbcUrl()).cdrGrace(Duration.ofMillis(300)).start());
        closeLater(r.attach("pbx1", client));
        pbx[0].simulateCalls(60, 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.originateResponses.size() == 60
                && pbx[0].channels().isEmpty());
        seen.sync(fake);
        assertThat(seen.cdrs).isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> r.stats().pending() == 0
                && r.store().count(CdrQuery.all()) == seen.cdrs.size());
        assertThat(r.store().find(CdrQuery.all())).allSatisfy(c ->
                assertThat(c.origin()).isEqualTo(CdrRecord.Origin.CDR_EVENT))
                .extracting(CdrRecord::uniqueid).containsExactlyInAnyOrderElementsOf(seen.cdrs);
        await().atMost(Duration.ofSeconds(30)).until(() -> r.stats().openChannels() == 0);
    }

    @Test
    void callsThatEndDuringAnAmiGapAreReconciledOnReconnect() throws Exception {
        SimulatedPbx[] pbx = new SimulatedPbx[1];
        FakeAsterisk fake = closeLater(FakeAsterisk.builder()
                .callEngine(b -> pbx[0] = SimulatedPbx.builder().build(b)).start());
        Observed seen = new Observed();
        AmiClient client = closeLater(AmiClient.connect(config(fake), c -> c.onAny(seen::add)));
        Set<ConnectionEvent.Type> connection = ConcurrentHashMap.newKeySet();
        client.addConnectionListener(e -> connection.add(e.type()));
        CdrRecorder r = closeLater(recorder(jdbcUrl()).cdrGrace(Duration.ofMillis(300)).start());
        closeLater(r.attach("pbx1", client));
        for (int i = 0; i < 3; i++) {
            pbx[0].cliOriginate("Local/hold@test", "Wait", "600");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.answered.size() == 6 && r.stats().pending() == 0
                && r.stats().openChannels() == 6);
        Instant beforeGap = Instant.now();
        fake.stop(); // the AMI connection breaks; the calls go on
        await().atMost(Duration.ofSeconds(30)).until(() -> connection.contains(ConnectionEvent.Type.LOST));
        pbx[0].hangupAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> pbx[0].channels().isEmpty());
        fake.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> connection.contains(ConnectionEvent.Type.RESTORED));
        await().atMost(Duration.ofSeconds(30)).until(() -> r.store().count(CdrQuery.all()) == 6);
        List<CdrRecord> rows = r.store().find(CdrQuery.all());
        assertThat(rows).extracting(CdrRecord::uniqueid).containsExactlyInAnyOrderElementsOf(seen.answered);
        assertThat(rows).allSatisfy(c -> {
            assertThat(c.origin()).isEqualTo(CdrRecord.Origin.RECONCILED);
            assertThat(c.end()).isAfterOrEqualTo(c.start());
            assertThat(c.end()).isAfterOrEqualTo(beforeGap.minusSeconds(1));
            assertThat(c.channel()).startsWith("Local/hold@test-");
        });
        assertThat(r.stats().reconciled()).isEqualTo(6);
        assertThat(r.stats().openChannels()).isZero();

        // After the gap, calls are recorded from their events again.
        pbx[0].cliOriginate("Local/short@test", "Wait", "1");
        await().atMost(Duration.ofSeconds(30)).until(() -> r.store().count(CdrQuery.all()) == 8);
        assertThat(r.store().find(CdrQuery.builder().disposition("ANSWERED").build()))
                .filteredOn(c -> c.origin() == CdrRecord.Origin.CDR_EVENT).hasSize(2);
    }

    @Test
    void closingTheRecorderDetachesItFromClientsThatStayOpen() throws Exception {
        FakeAsterisk fake = closeLater(FakeAsterisk.builder().start());
        Observed seen = new Observed();
        AmiClient client = closeLater(AmiClient.connect(config(fake), c -> c.onAny(seen::add)));
        CdrRecorder r = recorder(jdbcUrl()).start();
        AutoCloseable handle = r.attach("pbx1", client);
        fake.pushEvent(io.switchboard.ami.Packet.of("Event", "Newchannel", "Privilege", "call,all", "Channel",
                "PJSIP/6001-00000001", "ChannelState", "4", "Uniqueid", "4.1", "Linkedid", "4.1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> r.stats().openChannels() == 1);
        r.close();
        assertThatThrownBy(() -> r.attach("pbx2", client)).isInstanceOf(IllegalStateException.class);
        // The client goes on receiving; the closed recorder no longer sees its events.
        fake.pushEvent(io.switchboard.ami.Packet.of("Event", "Newchannel", "Privilege", "call,all", "Channel",
                "PJSIP/6002-00000002", "ChannelState", "4", "Uniqueid", "4.2", "Linkedid", "4.2"));
        seen.sync(fake);
        assertThat(r.stats().openChannels()).isEqualTo(1);
        handle.close(); // already closed with the recorder: a no-op
    }

    @Test
    void queriesFilterPageExportAndSummarise() throws Exception {
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        try (CdrRecorder r = recorder(jdbcUrl()).start()) {
            for (int i = 0; i < 10; i++) {
                r.submit(CdrRecord.builder().server(i < 7 ? "pbx1" : "pbx2").uniqueid("u." + i)
                        .accountCode(i % 2 == 0 ? "acme" : "globex").source("60" + i).destination("7000")
                        .callerId("\"Doe, \"\"J\"\"\" <60" + i + ">").start(t0.plusSeconds(i * 40L))
                        .answer(i == 3 ? null : t0.plusSeconds(i * 40L + 5)).end(t0.plusSeconds(i * 40L + 65))
                        .duration(65).billableSeconds(i == 3 ? 0 : 60)
                        .disposition(i == 3 ? "NO ANSWER" : "ANSWERED").userField("line1\nline2")
                        .origin(CdrRecord.Origin.CDR_EVENT).build());
            }
            awaitDrained(r);
            CdrStore store = r.store();
            assertThat(store.find(CdrQuery.all())).extracting(CdrRecord::uniqueid)
                    .containsExactly("u.0", "u.1", "u.2", "u.3", "u.4", "u.5", "u.6", "u.7", "u.8", "u.9");
            assertThat(store.find(CdrQuery.builder().accountCode("acme").build())).hasSize(5);
            assertThat(store.find(CdrQuery.builder().server("pbx2").build())).hasSize(3);
            assertThat(store.find(CdrQuery.builder().disposition("NO ANSWER").build()))
                    .singleElement().satisfies(c -> assertThat(c.answer()).isNull());
            assertThat(store.find(CdrQuery.builder().from(t0.plusSeconds(80)).to(t0.plusSeconds(200)).build()))
                    .extracting(CdrRecord::uniqueid).containsExactly("u.2", "u.3", "u.4");
            CdrQuery page = CdrQuery.builder().limit(4).build();
            assertThat(store.find(page)).extracting(CdrRecord::uniqueid).containsExactly("u.0", "u.1", "u.2", "u.3");
            assertThat(store.find(page.nextPage().nextPage())).extracting(CdrRecord::uniqueid)
                    .containsExactly("u.8", "u.9");
            assertThat(store.find(CdrQuery.builder().offset(8).build())).hasSize(2);
            // An inverted range or a page past the end is empty, not an error.
            CdrQuery inverted = CdrQuery.builder().from(t0.plusSeconds(200)).to(t0.plusSeconds(80)).build();
            assertThat(store.find(inverted)).isEmpty();
            assertThat(store.count(inverted)).isZero();
            assertThat(store.summary(inverted)).isEmpty();
            assertThat(store.find(CdrQuery.builder().offset(Long.MAX_VALUE).limit(Integer.MAX_VALUE).build()))
                    .isEmpty();
            assertThat(store.count(CdrQuery.builder().accountCode("globex").build())).isEqualTo(5);

            CdrRecord back = store.find(CdrQuery.builder().limit(1).build()).get(0);
            assertThat(back.callerId()).isEqualTo("\"Doe, \"\"J\"\"\" <600>");
            assertThat(back.start()).isEqualTo(t0);

            StringWriter csv = new StringWriter();
            store.exportCsv(CdrQuery.builder().limit(1).build(), csv);
            String[] lines = csv.toString().split("\r\n", -1);
            assertThat(lines).hasSize(3);
            assertThat(lines[0]).startsWith("server,uniqueid,leg,linkedid,source,destination,caller_id,");
            assertThat(lines[1]).startsWith("pbx1,u.0,1,,600,7000,\"\"\"Doe, \"\"\"\"J\"\"\"\"\"\" <600>\",")
                    .contains(",2026-11-26T10:00:00Z,2026-11-26T10:00:05Z,2026-11-26T10:01:05Z,65,60,ANSWERED,,acme,"
                            + "\"line1\nline2\",,CDR_EVENT");
            assertThat(lines[2]).isEmpty();

            List<AccountSummary> sums = store.summary(t0, t0.plusSeconds(3600));
            assertThat(sums).containsExactly(new AccountSummary("acme", 5, 325, 300),
                    new AccountSummary("globex", 5, 325, 240));
            assertThat(sums.get(1).billableMinutes()).isEqualTo(4.0);
            assertThat(store.summary(t0.plusSeconds(3600), t0.plusSeconds(7200))).isEmpty();

            List<StatsBucket> minutes = store.buckets(t0, t0.plusSeconds(3600), StatsBucket.Size.MINUTE);
            assertThat(minutes).extracting(StatsBucket::calls).containsExactly(2L, 1L, 2L, 1L, 2L, 1L, 1L);
            assertThat(minutes.get(0).bucketStart()).isEqualTo(t0);
            assertThat(minutes.get(0).avgDurationSeconds()).isEqualTo(65.0);
            assertThat(store.buckets(t0, t0.plusSeconds(3600), StatsBucket.Size.HOUR))
                    .containsExactly(new StatsBucket(t0, 10, 65.0));
        }
    }

    /** A Cdr event as cdr_manager sends it, with the given UniqueID and UserField. */
    static Event cdr(String uniqueid, String userField) {
        return Event.of("Cdr", "AccountCode", "acme", "Source", "6001", "Destination", "7000",
                "DestinationContext", "test", "CallerID", "\"A\" <6001>", "Channel", "PJSIP/6001-00000001",
                "DestinationChannel", "", "LastApplication", "Dial", "LastData", "x".repeat(4096),
                "StartTime", "2026-11-26 10:00:00", "AnswerTime", "2026-11-26 10:00:05",
                "EndTime", "2026-11-26 10:01:05", "Duration", "65", "BillableSeconds", "60",
                "Disposition", "ANSWERED", "AMAFlags", "DOCUMENTATION", "UniqueID", uniqueid, "UserField", userField);
    }

    @Test
    void aNulByteOrAHugeHeaderValueIsStoredAndNeverStallsTheWriter() throws Exception {
        // A NUL is valid UTF-8 (the AMI decoder keeps it) but PostgreSQL refuses it in TEXT; a user field can be as
        // long as the decoder's line limit (1 MiB), and a record can carry several such values.
        String huge = "u".repeat(700_000);
        try (CdrRecorder r = recorder(jdbcUrl()).start()) {
            r.feed("pbx1", cdr("1.1", "before\u0000after"));
            r.feed("pbx1", cdr("1.2", huge + huge));
            r.feed("pbx1", cdr("1.3", "plain"));
            awaitDrained(r);
            assertThat(r.stats().dbAvailable()).isTrue();
            assertThat(r.store().find(CdrQuery.all())).extracting(CdrRecord::uniqueid, c -> c.userField().length())
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("1.1", 12),
                            org.assertj.core.groups.Tuple.tuple("1.2", 1_400_000),
                            org.assertj.core.groups.Tuple.tuple("1.3", 5));
            assertThat(r.store().find(CdrQuery.all())).filteredOn(c -> c.uniqueid().equals("1.1"))
                    .singleElement().satisfies(c -> assertThat(c.userField()).isEqualTo("before\uFFFDafter"));
        }
    }

    @Test
    void aRecordOverOneMebibyteInTheSpoolDoesNotHideTheOpsAfterItAtTheNextStart() throws Exception {
        String url = jdbcUrl();
        String huge = "u".repeat(700_000);
        try (CdrRecorder r = recorder(url).closeGrace(Duration.ZERO).start()) {
            databaseDown();
            r.feed("pbx1", cdr("2.1", huge + huge));
            r.feed("pbx1", cdr("2.2", "after the big one"));
        }
        databaseUp();
        try (CdrRecorder r = recorder(url).start()) {
            awaitDrained(r);
            assertThat(r.store().find(CdrQuery.all())).extracting(CdrRecord::uniqueid)
                    .containsExactlyInAnyOrder("2.1", "2.2");
            assertThat(r.stats().spoolBytes()).isZero();
        }
    }

    @Test
    void closeWritesTheLifecycleRecordsStillHeldForTheirCdrGraceAndClosesUnansweredChannels() throws Exception {
        String url = jdbcUrl();
        // A server without Cdr events: the record of an answered leg is held for cdrGrace after its Hangup. A
        // close within that time must write it: left to the next start it would come back from the open set as
        // RECONCILED, ending at the next start instead of at its Hangup.
        try (CdrRecorder r = recorder(url).cdrGrace(Duration.ofHours(1)).start()) {
            r.feed("pbx1", Event.of("Newchannel", "Channel", "PJSIP/6001-00000001", "ChannelState", "6",
                    "CallerIDNum", "6001", "Exten", "7000", "Context", "test", "Uniqueid", "3.1", "Linkedid", "3.1"));
            r.feed("pbx1", Event.of("Newchannel", "Channel", "PJSIP/6002-00000002", "ChannelState", "0",
                    "CallerIDNum", "6002", "Exten", "7000", "Context", "test", "Uniqueid", "3.2", "Linkedid", "3.2"));
            r.feed("pbx1", Event.of("Hangup", "Channel", "PJSIP/6001-00000001", "Uniqueid", "3.1", "Cause", "16"));
            r.feed("pbx1", Event.of("Hangup", "Channel", "PJSIP/6002-00000002", "Uniqueid", "3.2", "Cause", "19"));
            awaitDrained(r);
            assertThat(r.store().count(CdrQuery.all())).isZero(); // still held
        }
        assertThat(rows(url, "open_channels")).isZero();
        assertThat(CdrStore.unmigrated(url, null, null).find(CdrQuery.all())).singleElement().satisfies(c -> {
            assertThat(c.uniqueid()).isEqualTo("3.1");
            assertThat(c.origin()).isEqualTo(CdrRecord.Origin.CHANNEL_LIFECYCLE);
            assertThat(c.hangupCause()).isEqualTo("16");
            assertThat(c.answer()).isNotNull();
        });
    }

    /** Rows in a table, read over a connection of its own. */
    static long rows(String url, String table) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void badInputIsRefusedWithAClearError() {
        assertThatThrownBy(() -> CdrRecorder.builder().jdbcUrl("jdbc:mysql://x/y?password=secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported JDBC URL")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> CdrRecord.builder().server("s").start(Instant.EPOCH).end(Instant.EPOCH).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uniqueid");
        assertThatThrownBy(() -> CdrQuery.builder().limit(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CdrQuery.builder().offset(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CdrQuery.all().nextPage()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no next page");
        assertThatThrownBy(() -> CdrQuery.builder().offset(Long.MAX_VALUE).limit(10).build().nextPage())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedCdrEventsAreCountedAndLoggedNotFatal() throws Exception {
        try (CdrRecorder r = recorder(jdbcUrl()).start()) {
            r.feed("pbx1", Event.of("Cdr", "Channel", "SIP/x", "StartTime", "2026-11-26 10:00:00"));
            r.feed("pbx1", Event.of("Cdr", "UniqueID", "1.1", "StartTime", "yesterday", "EndTime",
                    "2026-11-26 10:00:30", "Duration", "30", "BillableSeconds", "x", "Disposition", "ANSWERED"));
            awaitDrained(r);
            assertThat(r.stats().malformedEvents()).isEqualTo(2);
            CdrRecord c = r.store().find(CdrQuery.all()).get(0);
            assertThat(c.uniqueid()).isEqualTo("1.1");
            assertThat(c.billableSeconds()).isZero();
            assertThat(Duration.between(c.start(), c.end())).isEqualTo(Duration.ofSeconds(30));
        }
    }

    static AmiConfig config(FakeAsterisk fake) {
        return AmiConfig.builder().host(fake.host()).port(fake.port()).username("admin").secret("amp111")
                .reconnect(true).backoff(Backoff.fixed(Duration.ofMillis(100))).build();
    }

    /** What the test itself saw on its own subscription, to compute the expected records independently. */
    static final class Observed {
        final Set<String> answered = ConcurrentHashMap.newKeySet();
        final Set<String> hungUp = ConcurrentHashMap.newKeySet();
        final Set<String> cdrs = ConcurrentHashMap.newKeySet();
        final Set<String> originateResponses = ConcurrentHashMap.newKeySet();
        final Set<String> sentinels = ConcurrentHashMap.newKeySet();

        /** Pushes a sentinel event and waits for it: everything sent before it has been seen then. */
        void sync(FakeAsterisk fake) {
            String id = "sync-" + System.nanoTime();
            fake.pushEvent(io.switchboard.ami.Packet.of("Event", "UserEvent", "Privilege", "user,all",
                    "UserEvent", id));
            await().atMost(Duration.ofSeconds(30)).until(() -> sentinels.contains(id));
        }

        void add(Event e) {
            if (e.is("UserEvent")) {
                sentinels.add(e.get("UserEvent"));
            }
            if (e.is("Newstate") && "6".equals(e.get("ChannelState"))) {
                answered.add(e.get("Uniqueid"));
            } else if (e.is("Newchannel") && "6".equals(e.get("ChannelState"))) {
                answered.add(e.get("Uniqueid"));
            } else if (e.is("Hangup")) {
                hungUp.add(e.get("Uniqueid"));
            } else if (e.is("Cdr")) {
                cdrs.add(e.get("UniqueID"));
            } else if (e.is("OriginateResponse")) {
                originateResponses.add(e.get("ActionID"));
            }
        }

        Set<String> answeredAndHungUp() {
            Set<String> s = new HashSet<>(answered);
            s.retainAll(hungUp);
            return s.stream().collect(Collectors.toSet());
        }
    }
}
