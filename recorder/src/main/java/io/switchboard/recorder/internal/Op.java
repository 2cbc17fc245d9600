package io.switchboard.recorder.internal;

import io.switchboard.recorder.CdrRecord;

/**
 * One durable change the recorder makes: what goes into the spool (in this order) and is then applied to the
 * database. Keeping the open-channel set as ops in the same stream keeps it exactly as durable as the records.
 */
public sealed interface Op {
    /** The server the op is about. */
    String server();

    /** A finished call leg; writing it also removes the channel from the open set. */
    record Record(CdrRecord record) implements Op {
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
