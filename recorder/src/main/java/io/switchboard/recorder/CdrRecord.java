package io.switchboard.recorder;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished call leg as billed: what Asterisk's {@code cdr_manager} reports in a {@code Cdr} event, or what the
 * recorder derived from the channel lifecycle or from a reconciliation after an AMI gap ({@link #origin()}).
 * Immutable; identified by {@link #server()} + {@link #uniqueid()} + {@link #leg()} (the key that makes writes
 * idempotent).
 *
 * <p>Strings are never null (empty when unknown); {@link #answer()} is null for a leg that was never answered.
 *
 * @param server             the name the AmiClient was attached under (e.g. {@code pbx1})
 * @param uniqueid           the channel's Uniqueid exactly as Asterisk reports it (Asterisk's CDR is per party), so it
 *                           joins with CEL, recordings named by uniqueid, etc.
 * @param leg                which of the channel's Cdrs this is, from 1: a channel usually has one, but after a
 *                           transfer the transferred party gets a new Cdr with the same UniqueID (so does
 *                           {@code ForkCDR}); the n-th different one stored is leg n. Always 1 for records derived
 *                           from the channel lifecycle or reconciled
 * @param linkedid           the call's Linkedid (all legs of one call share it); empty from Cdr events
 * @param source             calling number ({@code Source} / CallerIDNum)
 * @param destination        dialled extension ({@code Destination} / Exten)
 * @param callerId           full caller id, e.g. {@code "Alice" <6001>}
 * @param context            destination context
 * @param channel            the channel name
 * @param destinationChannel the channel it was bridged/dialled to, or empty
 * @param start              when the channel was created
 * @param answer             when it was answered, or null
 * @param end                when it hung up
 * @param duration           seconds from start to end
 * @param billableSeconds    seconds from answer to end (0 when unanswered)
 * @param disposition        ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION
 * @param hangupCause        Q.850 cause code as text (e.g. {@code 16}), empty when unknown
 * @param accountCode        the channel's account code
 * @param userField          CDR user field
 * @param recordingFile      recording file name when known, else empty
 * @param origin             where the record came from
 */
public record CdrRecord(String server, String uniqueid, int leg, String linkedid, String source, String destination,
                        String callerId, String context, String channel, String destinationChannel,
                        Instant start, Instant answer, Instant end, long duration, long billableSeconds,
                        String disposition, String hangupCause, String accountCode, String userField,
                        String recordingFile, Origin origin) {

    /** Where a record came from. */
    public enum Origin {
        /** An Asterisk {@code Cdr} event (cdr_manager). */
        CDR_EVENT,
        /** Derived from Newchannel / Newstate / Hangup by the recorder (server sends no Cdr events). */
        CHANNEL_LIFECYCLE,
        /** The channel ended while the AMI connection was down; written with what was known at the gap. */
        RECONCILED
    }

    public CdrRecord {
        server = requireText(server, "server");
        uniqueid = requireText(uniqueid, "uniqueid");
        if (leg < 1) {
            throw new IllegalArgumentException("leg must be >= 1, not " + leg);
        }
        linkedid = nz(linkedid);
        source = nz(source);
        destination = nz(destination);
        callerId = nz(callerId);
        context = nz(context);
        channel = nz(channel);
        destinationChannel = nz(destinationChannel);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (duration < 0 || billableSeconds < 0) {
            throw new IllegalArgumentException("duration and billableSeconds must be >= 0");
        }
        disposition = nz(disposition);
        hangupCause = nz(hangupCause);
        accountCode = nz(accountCode);
        userField = nz(userField);
        recordingFile = nz(recordingFile);
        Objects.requireNonNull(origin, "origin");
    }

    /** This record as leg {@code n} of its channel (the recorder numbers a channel's Cdrs when it stores them). */
    public CdrRecord withLeg(int n) {
        return n == leg ? this : new CdrRecord(server, uniqueid, n, linkedid, source, destination, callerId, context,
                channel, destinationChannel, start, answer, end, duration, billableSeconds, disposition, hangupCause,
                accountCode, userField, recordingFile, origin);
    }

    /** A builder; server, uniqueid, start, end and origin are required. */
    public static Builder builder() {
        return new Builder();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String requireText(String s, String name) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return s;
    }

    /** Builds a {@link CdrRecord}; unset strings become empty, unset durations 0, an unset leg 1. */
    public static final class Builder {
        private String server;
        private String uniqueid;
        private int leg = 1;
        private String linkedid;
        private String source;
        private String destination;
        private String callerId;
        private String context;
        private String channel;
        private String destinationChannel;
        private Instant start;
        private Instant answer;
        private Instant end;
        private long duration;
        private long billableSeconds;
        private String disposition;
        private String hangupCause;
        private String accountCode;
        private String userField;
        private String recordingFile;
        private Origin origin = Origin.CDR_EVENT;

        private Builder() {
        }

        public Builder server(String v) { server = v; return this; }
        public Builder uniqueid(String v) { uniqueid = v; return this; }
        public Builder leg(int v) { leg = v; return this; }
        public Builder linkedid(String v) { linkedid = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder destination(String v) { destination = v; return this; }
        public Builder callerId(String v) { callerId = v; return this; }
        public Builder context(String v) { context = v; return this; }
        public Builder channel(String v) { channel = v; return this; }
        public Builder destinationChannel(String v) { destinationChannel = v; return this; }
        public Builder start(Instant v) { start = v; return this; }
        public Builder answer(Instant v) { answer = v; return this; }
        public Builder end(Instant v) { end = v; return this; }
        public Builder duration(long v) { duration = v; return this; }
        public Builder billableSeconds(long v) { billableSeconds = v; return this; }
        public Builder disposition(String v) { disposition = v; return this; }
        public Builder hangupCause(String v) { hangupCause = v; return this; }
        public Builder accountCode(String v) { accountCode = v; return this; }
        public Builder userField(String v) { userField = v; return this; }
        public Builder recordingFile(String v) { recordingFile = v; return this; }
        public Builder origin(Origin v) { origin = v; return this; }

        public CdrRecord build() {
            return new CdrRecord(server, uniqueid, leg, linkedid, source, destination, callerId, context, channel,
                    destinationChannel, start, answer, end, duration, billableSeconds, disposition, hangupCause,
                    accountCode, userField, recordingFile, origin);
        }
    }
}
