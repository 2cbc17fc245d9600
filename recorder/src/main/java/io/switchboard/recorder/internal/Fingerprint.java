package io.switchboard.recorder.internal;

import io.switchboard.recorder.CdrRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code cdr_fingerprint} of a Cdr: what tells a channel's Cdrs apart (they all carry its UniqueID). It is a
 * hash of fields that differ between a channel's Cdrs (times, durations, disposition, destination, peer, last
 * application) and never between two copies of the same Cdr, so the same Cdr heard twice (two connections, a
 * replay, a second gateway) maps to the same row, and a transfer's new Cdr to a new leg.
 */
public final class Fingerprint {
    /** Records derived from the channel lifecycle or reconciled: one per channel, so no fingerprint. */
    public static final String NONE = "";

    private Fingerprint() {
    }

    /** From the Cdr event's own text (as Asterisk sent it; parsing could depend on the time it arrived). */
    public static String ofCdrFields(String... fields) {
        return hash(String.join("\u0001", fields));
    }

    /** For a record submitted directly: {@link #NONE} unless it is a Cdr, else a hash of its stored fields. */
    public static String of(CdrRecord r) {
        if (r.origin() != CdrRecord.Origin.CDR_EVENT) {
            return NONE;
        }
        return hash(String.join("\u0001", "record", Long.toString(r.start().toEpochMilli()),
                r.answer() == null ? "" : Long.toString(r.answer().toEpochMilli()),
                Long.toString(r.end().toEpochMilli()), Long.toString(r.duration()),
                Long.toString(r.billableSeconds()), r.disposition(), r.destination(), r.destinationChannel()));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            // 128 bits: collisions between the handful of Cdrs of one channel are out of the question.
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
