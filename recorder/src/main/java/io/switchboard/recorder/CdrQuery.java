package io.switchboard.recorder;

import java.time.Instant;

/**
 * A filter over recorded calls, with paging. Every filter is optional (null = any). Time bounds apply to the
 * call's start: {@code from} inclusive, {@code to} exclusive. Results are ordered by start, server, uniqueid, leg
 * (a record's identity), so {@code offset}/{@code limit} pages are stable while no older calls are inserted.
 *
 * @param limit at most this many records; 0 = no limit
 */
public record CdrQuery(Instant from, Instant to, String server, String accountCode, String disposition,
                       long offset, int limit) {

    public CdrQuery {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must be >= 0");
        }
    }

    /** Every record. */
    public static CdrQuery all() {
        return new CdrQuery(null, null, null, null, null, 0, 0);
    }

    /** A builder starting from {@link #all()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The next page after this one.
     *
     * @throws IllegalStateException for a query without a limit: its one page holds every match (its "next page"
     *                               would be itself, and a paging loop would never end)
     */
    public CdrQuery nextPage() {
        if (limit == 0) {
            throw new IllegalStateException("a query without a limit has no next page");
        }
        return new CdrQuery(from, to, server, accountCode, disposition, offset + limit, limit);
    }

    /** Builds a {@link CdrQuery}. */
    public static final class Builder {
        private Instant from;
        private Instant to;
        private String server;
        private String accountCode;
        private String disposition;
        private long offset;
        private int limit;

        private Builder() {
        }

        public Builder from(Instant v) { from = v; return this; }
        public Builder to(Instant v) { to = v; return this; }
        public Builder server(String v) { server = v; return this; }
        public Builder accountCode(String v) { accountCode = v; return this; }
        public Builder disposition(String v) { disposition = v; return this; }
        public Builder offset(long v) { offset = v; return this; }
        public Builder limit(int v) { limit = v; return this; }

        public CdrQuery build() {
            return new CdrQuery(from, to, server, accountCode, disposition, offset, limit);
        }
    }
}
