package io.switchboard.recorder.internal;

import io.switchboard.recorder.CdrRecord;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spool's binary form of an {@link Op}: a type byte, then its fields (strings as length + UTF-8). A type's
 * layout never changes: a new layout gets a new type byte, and the old ones stay readable, because a spool written
 * before an upgrade is replayed by the new version.
 */
final class OpCodec {
    /** A record as written before legs: no fingerprint (see {@link #legacyRecord}). Read only. */
    private static final byte RECORD_V1 = 1;
    private static final byte OPEN = 2;
    private static final byte ANSWER = 3;
    private static final byte CLOSE = 4;
    private static final byte CDR_SERVER = 5;
    /** A record and its {@code cdr_fingerprint}. */
    private static final byte RECORD = 6;
    private static final Pattern LEGACY_LEG = Pattern.compile("(.+)#([0-9]{1,9})");

    private OpCodec() {
    }

    static byte[] encode(Op op) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (op instanceof Op.Record r) {
                out.writeByte(RECORD);
                CdrRecord c = r.record();
                for (String s : new String[] {c.server(), c.uniqueid(), c.linkedid(), c.source(), c.destination(),
                        c.callerId(), c.context(), c.channel(), c.destinationChannel(), c.disposition(),
                        c.hangupCause(), c.accountCode(), c.userField(), c.recordingFile(), c.origin().name()}) {
                    str(out, s);
                }
                out.writeLong(c.start().toEpochMilli());
                out.writeLong(c.answer() == null ? Long.MIN_VALUE : c.answer().toEpochMilli());
                out.writeLong(c.end().toEpochMilli());
                out.writeLong(c.duration());
                out.writeLong(c.billableSeconds());
                str(out, r.fingerprint());
            } else if (op instanceof Op.Open o) {
                out.writeByte(OPEN);
                OpenChannel c = o.channel();
                for (String s : new String[] {c.server(), c.uniqueid(), c.linkedid(), c.channel(), c.callerNum(),
                        c.callerName(), c.exten(), c.context(), c.accountCode()}) {
                    str(out, s);
                }
                out.writeLong(c.startMs());
                out.writeLong(c.answerMs());
            } else if (op instanceof Op.Answer a) {
                out.writeByte(ANSWER);
                str(out, a.server());
                str(out, a.uniqueid());
                out.writeLong(a.answerMs());
            } else if (op instanceof Op.Close c) {
                out.writeByte(CLOSE);
                str(out, c.server());
                str(out, c.uniqueid());
            } else if (op instanceof Op.CdrServer s) {
                out.writeByte(CDR_SERVER);
                str(out, s.server());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return bytes.toByteArray();
    }

    /** Decodes a payload whose CRC matched; a payload that still does not parse is an {@link IOException}. */
    static Op decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        byte type = in.readByte();
        switch (type) {
            case RECORD, RECORD_V1 -> {
                String[] s = new String[15];
                for (int i = 0; i < s.length; i++) {
                    s[i] = str(in);
                }
                long start = in.readLong();
                long answer = in.readLong();
                long end = in.readLong();
                long duration = in.readLong();
                long bill = in.readLong();
                String fingerprint = type == RECORD ? str(in) : null;
                try {
                    CdrRecord r = new CdrRecord(s[0], s[1], 1, s[2], s[3], s[4], s[5], s[6], s[7], s[8],
                            Instant.ofEpochMilli(start), answer == Long.MIN_VALUE ? null : Instant.ofEpochMilli(answer),
                            Instant.ofEpochMilli(end), duration, bill, s[9], s[10], s[11], s[12], s[13],
                            CdrRecord.Origin.valueOf(s[14]));
                    return fingerprint == null ? legacyRecord(r) : new Op.Record(r, fingerprint);
                } catch (IllegalArgumentException e) {
                    throw new IOException("spooled record does not validate: " + e.getMessage(), e);
                }
            }
            case OPEN -> {
                String[] s = new String[9];
                for (int i = 0; i < s.length; i++) {
                    s[i] = str(in);
                }
                return new Op.Open(new OpenChannel(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8],
                        in.readLong(), in.readLong()));
            }
            case ANSWER -> {
                return new Op.Answer(str(in), str(in), in.readLong());
            }
            case CLOSE -> {
                return new Op.Close(str(in), str(in));
            }
            case CDR_SERVER -> {
                return new Op.CdrServer(str(in));
            }
            default -> throw new IOException("unknown spool entry type " + type);
        }
    }

    /**
     * A record spooled before legs existed, mapped the way migration V2 maps the rows that version stored: its
     * uniqueid is Asterisk's, or {@code UniqueID#n} for a channel's n-th Cdr; it becomes (UniqueID, fingerprint
     * {@code legacy#n}), the first one fingerprint {@link Fingerprint#NONE}. So a spool entry replayed after the
     * upgrade meets the row it was already stored as and stays one row.
     */
    static Op.Record legacyRecord(CdrRecord r) {
        Matcher m = LEGACY_LEG.matcher(r.uniqueid());
        if (r.origin() == CdrRecord.Origin.CDR_EVENT && m.matches()) {
            int n = Integer.parseInt(m.group(2));
            if (n >= 2) {
                CdrRecord base = new CdrRecord(r.server(), m.group(1), n, r.linkedid(), r.source(), r.destination(),
                        r.callerId(), r.context(), r.channel(), r.destinationChannel(), r.start(), r.answer(),
                        r.end(), r.duration(), r.billableSeconds(), r.disposition(), r.hangupCause(),
                        r.accountCode(), r.userField(), r.recordingFile(), r.origin());
                return new Op.Record(base, "legacy#" + n);
            }
        }
        return new Op.Record(r, Fingerprint.NONE);
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
