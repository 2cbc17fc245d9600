package io.switchboard.recorder.internal;

import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;
import io.switchboard.recorder.CdrRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Records made from real Asterisk 22 event sequences, and Cdr times in a server's zone. */
class ServerTrackerTest {
    private final List<Op> ops = new ArrayList<>();

    private ServerTracker tracker(ZoneId zone) {
        return new ServerTracker("pbx1", zone, 2000, false, List.of(), ops::add);
    }

    private List<CdrRecord> records() {
        return ops.stream().filter(Op.Record.class::isInstance).map(o -> ((Op.Record) o).record()).toList();
    }

    private static Event cdr(String uid, String start, String answer, String end, int duration, int billsec) {
        return Event.of("Cdr", "Source", "6001", "Destination", "7000", "Channel", "PJSIP/6001-00000001",
                "StartTime", start, "AnswerTime", answer, "EndTime", end, "Duration", Integer.toString(duration),
                "BillableSeconds", Integer.toString(billsec), "Disposition", "ANSWERED", "UniqueID", uid);
    }

    @Test
    void cdrTimesInTheHourADstChangeRepeatsKeepStartAnswerAndEndInOrder() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin"); // 2026-10-25 03:00 CEST -> 02:00 CET: 02:xx happens twice
        ServerTracker t = tracker(berlin);
        // Across the change: started 02:59:50 CEST, ended 02:00:10 CET, 20 s later; the Cdr arrives at the end.
        Instant end = Instant.parse("2026-10-25T01:00:10Z");
        t.onEvent(cdr("1.1", "2026-10-25 02:59:50", "2026-10-25 02:59:55", "2026-10-25 02:00:10", 20, 15),
                end.plusMillis(150).toEpochMilli());
        // Wholly in the second 02:10 (CET).
        Instant end2 = Instant.parse("2026-10-25T01:11:00Z");
        t.onEvent(cdr("1.2", "2026-10-25 02:10:00", "2026-10-25 02:10:30", "2026-10-25 02:11:00", 60, 30),
                end2.plusMillis(150).toEpochMilli());
        // An ordinary summer time, for contrast.
        t.onEvent(cdr("1.3", "2026-07-01 12:00:00", "2026-07-01 12:00:05", "2026-07-01 12:01:00", 60, 55),
                Instant.parse("2026-07-01T10:01:00.2Z").toEpochMilli());
        assertThat(records()).extracting(CdrRecord::uniqueid, CdrRecord::start, CdrRecord::answer, CdrRecord::end)
                .containsExactly(
                        tuple("1.1", Instant.parse("2026-10-25T00:59:50Z"), Instant.parse("2026-10-25T00:59:55Z"), end),
                        tuple("1.2", Instant.parse("2026-10-25T01:10:00Z"), Instant.parse("2026-10-25T01:10:30Z"), end2),
                        tuple("1.3", Instant.parse("2026-07-01T10:00:00Z"), Instant.parse("2026-07-01T10:00:05Z"),
                                Instant.parse("2026-07-01T10:01:00Z")));
        assertThat(records()).allSatisfy(r -> assertThat(Duration.between(r.start(), r.end()).toSeconds())
                .isEqualTo(r.duration()));
        assertThat(t.malformed()).isZero();
    }

    /** Alice's Cdrs when Bob transfers her to Carol: both carry her UniqueID (she is party A of both). */
    static Event aliceCdr(String destinationChannel, String start, String end, int duration) {
        return Event.of("Cdr", "Source", "6001", "Destination", "7000", "Channel", "PJSIP/alice-00000001",
                "DestinationChannel", destinationChannel, "LastApplication", "Dial", "StartTime", start,
                "AnswerTime", start, "EndTime", end, "Duration", Integer.toString(duration),
                "BillableSeconds", Integer.toString(duration), "Disposition", "ANSWERED", "UniqueID", "1.10");
    }

    @Test
    void everyCdrOfOneChannelKeepsItsUniqueidAndOnlyTheSameCdrHeardAgainHasTheSameFingerprint() throws Exception {
        ServerTracker t = tracker(ZoneOffset.UTC);
        long now = Instant.parse("2026-11-26T10:03:06Z").toEpochMilli();
        t.onEvent(Event.of("Newchannel", "Channel", "PJSIP/alice-00000001", "ChannelState", "4", "Uniqueid", "1.10",
                "Linkedid", "1.10"), now);
        Event toBob = aliceCdr("PJSIP/bob-00000002", "2026-11-26 10:00:00", "2026-11-26 10:01:00", 60);
        Event toCarol = aliceCdr("PJSIP/carol-00000003", "2026-11-26 10:01:00", "2026-11-26 10:03:00", 120);
        t.onEvent(toBob, now);
        t.onEvent(toCarol, now);
        t.onEvent(toBob, now + 5000); // heard again later: another connection, a replay
        t.onEvent(toCarol, now + 5000);
        assertThat(records()).extracting(CdrRecord::uniqueid, CdrRecord::leg, CdrRecord::destinationChannel,
                        CdrRecord::billableSeconds, CdrRecord::linkedid)
                .containsExactly(tuple("1.10", 1, "PJSIP/bob-00000002", 60L, "1.10"),
                        tuple("1.10", 1, "PJSIP/carol-00000003", 120L, "1.10"),
                        tuple("1.10", 1, "PJSIP/bob-00000002", 60L, "1.10"),
                        tuple("1.10", 1, "PJSIP/carol-00000003", 120L, "1.10"));
        List<String> fingerprints = ops.stream().filter(Op.Record.class::isInstance)
                .map(o -> ((Op.Record) o).fingerprint()).toList();
        assertThat(fingerprints).doesNotContain(Fingerprint.NONE);
        assertThat(fingerprints.get(0)).isEqualTo(fingerprints.get(2)).isNotEqualTo(fingerprints.get(1));
        assertThat(fingerprints.get(1)).isEqualTo(fingerprints.get(3));
        // A tracker with no memory of the channel (a restart) computes the same fingerprint.
        List<Op> before = List.copyOf(ops);
        ops.clear();
        tracker(ZoneOffset.UTC).onEvent(toCarol, now + 60_000);
        assertThat(((Op.Record) ops.get(ops.size() - 1)).fingerprint()).isEqualTo(fingerprints.get(1));
        assertThat(before).hasSize(6); // Open, CdrServer, then the four records
    }

    @Test
    void lifecycleRecordsHaveNoFingerprint() throws Exception {
        ServerTracker t = tracker(ZoneOffset.UTC);
        t.onEvent(Event.of("Newchannel", "Channel", "PJSIP/a-1", "ChannelState", "6", "Uniqueid", "2.1",
                "Linkedid", "2.1"), 1_000);
        t.onEvent(Event.of("Hangup", "Channel", "PJSIP/a-1", "Uniqueid", "2.1", "Cause", "16"), 5_000);
        t.tick(Long.MAX_VALUE);
        assertThat(ops).filteredOn(Op.Record.class::isInstance).singleElement()
                .satisfies(o -> assertThat(((Op.Record) o).fingerprint()).isEqualTo(Fingerprint.NONE))
                .satisfies(o -> assertThat(((Op.Record) o).record().origin())
                        .isEqualTo(CdrRecord.Origin.CHANNEL_LIFECYCLE));
    }

    @Test
    void theRecordedQueueCallGivesOneRecordPerChannelWithAsterisksTimesAndBillsec() throws Exception {
        ServerTracker t = tracker(ZoneOffset.UTC);
        for (Event e : transcript("queue")) {
            t.onEvent(e, Instant.parse("2026-11-26T06:27:07.100Z").toEpochMilli());
        }
        t.tick(Long.MAX_VALUE);
        // Each Local half is a channel of its own with its own record, as in Asterisk's CDR: none billed twice.
        assertThat(records()).extracting(CdrRecord::uniqueid, CdrRecord::channel, CdrRecord::destinationChannel,
                        CdrRecord::duration, CdrRecord::billableSeconds, CdrRecord::disposition)
                .containsExactlyInAnyOrder(
                        tuple("1795674422.20", "Local/queue@test-0000000a;1", "", 5L, 5L, "ANSWERED"),
                        tuple("1795674422.21", "Local/queue@test-0000000a;2", "Local/qagent@test-0000000b;1", 5L, 5L,
                                "ANSWERED"),
                        tuple("1795674425.23", "Local/qagent@test-0000000b;2", "", 2L, 2L, "ANSWERED"));
        assertThat(records()).allSatisfy(r -> {
            assertThat(r.origin()).isEqualTo(CdrRecord.Origin.CDR_EVENT);
            assertThat(r.linkedid()).as("joined from the Newchannel").isNotEmpty();
            assertThat(Duration.between(r.start(), r.end()).toSeconds()).isEqualTo(r.duration());
        });
        assertThat(records()).filteredOn(r -> r.uniqueid().equals("1795674425.23")).singleElement()
                .satisfies(r -> assertThat(r.start()).isEqualTo(Instant.parse("2026-11-26T06:27:05Z")));
        assertThat(t.isCdrServer()).isTrue();
        assertThat(t.trackedUniqueids()).isEmpty();
    }

    private static List<Event> transcript(String name) throws IOException {
        List<Event> out = new ArrayList<>();
        PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, true, p -> {
            if (p.kind() == Packet.Kind.EVENT) {
                out.add(new Event(p, out.size() + 1));
            }
        });
        try (InputStream in = ServerTrackerTest.class.getResourceAsStream(
                "/io/switchboard/transcripts/" + name + ".recv")) {
            d.feed(in.readAllBytes());
        }
        d.finish();
        return out;
    }
}
