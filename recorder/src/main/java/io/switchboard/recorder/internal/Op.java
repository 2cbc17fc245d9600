package io.switchboard.recorder.internal;

import io.switchboard.recorder.CdrRecord;

/**
 * One durable change the recorder makes: what goes into the spool (in this order) and is then applied to the
 * database. Keeping the open-channel set as ops in the same stream keeps it exactly as durable as the records.
 */
public sealed interface Op {
    /** The server the op is about. */
    String server();

    /**
     * A finished call leg; writing it also removes the channel from the open set. {@code fingerprint} tells a
     * channel's Cdrs apart (stored as {@code cdr_fingerprint}): empty for records derived from the lifecycle or
     * reconciled (at most one per channel), else a hash of what distinguishes one Cdr of the channel from another,
     * the same each time the same Cdr is heard. The record's leg is assigned when it is stored.
     */
    record Record(CdrRecord record, String fingerprint) implements Op {
        public Record {
            java.util.Objects.requireNonNull(record, "record");
            java.util.Objects.requireNonNull(fingerprint, "fingerprint");
        }

        /** A record with the fingerprint {@link Fingerprint#of(CdrRecord)} gives it (submitted records). */
        public Record(CdrRecord record) {
            this(record, Fingerprint.of(record));
        }

        @Override
        public String server() {
            return record.server();
        }
    }

    /** A channel was created. */
    record Open(OpenChannel channel) implements Op {
        @Override
        public String server() {
            return channel.server();
        }
    }

    /** A channel was answered. */
    record Answer(String server, String uniqueid, long answerMs) implements Op {
    }

    /** A channel ended without a record (e.g. unanswered, as cdr.conf {@code unanswered=no}). */
    record Close(String server, String uniqueid) implements Op {
    }

    /** The server sends Cdr events: never derive lifecycle records for it. */
    record CdrServer(String server) implements Op {
    }
}
