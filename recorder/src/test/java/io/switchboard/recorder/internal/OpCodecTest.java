package io.switchboard.recorder.internal;

import io.switchboard.recorder.CdrRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spool's entry format: records carry their fingerprint, and entries written before legs still replay. */
class OpCodecTest {
    private static CdrRecord record(String uniqueid, CdrRecord.Origin origin) {
        return CdrRecord.builder().server("pbx1").uniqueid(uniqueid).linkedid("1.9").destination("7000")
                .start(Instant.ofEpochMilli(1_000)).answer(Instant.ofEpochMilli(2_000)).end(Instant.ofEpochMilli(9_000))
                .duration(8).billableSeconds(7).disposition("ANSWERED").origin(origin).build();
    }

    /** An entry exactly as the version before legs wrote it (type 1, no fingerprint). */
    private static byte[] v1Entry(CdrRecord c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            for (String s : new String[] {c.server(), c.uniqueid(), c.linkedid(), c.source(), c.destination(),
                    c.callerId(), c.context(), c.channel(), c.destinationChannel(), c.disposition(),
                    c.hangupCause(), c.accountCode(), c.userField(), c.recordingFile(), c.origin().name()}) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            out.writeLong(c.start().toEpochMilli());
            out.writeLong(c.answer().toEpochMilli());
            out.writeLong(c.end().toEpochMilli());
            out.writeLong(c.duration());
            out.writeLong(c.billableSeconds());
        }
        return bytes.toByteArray();
    }

    @Test
    void aRecordRoundTripsWithItsFingerprint() throws IOException {
        Op.Record op = new Op.Record(record("1.10", CdrRecord.Origin.CDR_EVENT), "abc123");
        assertThat(OpCodec.decode(OpCodec.encode(op))).isEqualTo(op);
        Op.Record derived = new Op.Record(record("1.11", CdrRecord.Origin.RECONCILED), Fingerprint.NONE);
        assertThat(OpCodec.decode(OpCodec.encode(derived))).isEqualTo(derived);
    }

    @Test
    void recordsSpooledBeforeLegsReplayMappedAsMigrationV2MapsTheirRows() throws IOException {
        CdrRecord first = record("1.10", CdrRecord.Origin.CDR_EVENT);
        assertThat(OpCodec.decode(v1Entry(first))).isEqualTo(new Op.Record(first, Fingerprint.NONE));

        // That version stored a channel's second Cdr as UniqueID#2: it is leg 2 of the UniqueID now.
        Op.Record second = (Op.Record) OpCodec.decode(v1Entry(record("1.10#2", CdrRecord.Origin.CDR_EVENT)));
        assertThat(second.record().uniqueid()).isEqualTo("1.10");
        assertThat(second.record().leg()).isEqualTo(2);
        assertThat(second.fingerprint()).isEqualTo("legacy#2");
        assertThat(second.record().withLeg(1)).isEqualTo(first);

        // Only a Cdr's #n suffix (n >= 2) is that version's: other uniqueids are kept as they are.
        for (String uid : new String[] {"1.10#1", "1.10#x", "#3", "1.10#1234567890"}) {
            assertThat(OpCodec.decode(v1Entry(record(uid, CdrRecord.Origin.CDR_EVENT))))
                    .isEqualTo(new Op.Record(record(uid, CdrRecord.Origin.CDR_EVENT), Fingerprint.NONE));
        }
        CdrRecord reconciled = record("1.10#2", CdrRecord.Origin.RECONCILED);
        assertThat(OpCodec.decode(v1Entry(reconciled))).isEqualTo(new Op.Record(reconciled, Fingerprint.NONE));
    }

    @Test
    void aTruncatedOrUnknownEntryIsAnIoExceptionNotACrash() throws IOException {
        byte[] full = OpCodec.encode(new Op.Record(record("1.10", CdrRecord.Origin.CDR_EVENT), "abc123"));
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 3); // the fingerprint's bytes are missing
        assertThatThrownBy(() -> OpCodec.decode(cut)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> OpCodec.decode(new byte[] {42})).isInstanceOf(IOException.class)
                .hasMessageContaining("unknown spool entry type 42");
    }
}
