package io.switchboard.recorder;

import io.switchboard.recorder.internal.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads recorded calls: filtered pages, CSV export, per-account summaries and chart buckets. Each call opens
 * and closes its own connection, so a store is cheap, thread-safe and holds nothing open.
 */
public final class CdrStore {
    private static final String[] CSV_HEADER = {"server", "uniqueid", "leg", "linkedid", "source", "destination",
        "caller_id", "context", "channel", "destination_channel", "start", "answer", "end", "duration",
        "billable_seconds", "disposition", "hangup_cause", "account_code", "user_field", "recording_file", "origin"};

    private final Database db;

    private CdrStore(Database db) {
        this.db = db;
    }

    /** A store on a database whose schema is already migrated (the recorder's). */
    static CdrStore unmigrated(String jdbcUrl, String user, String password) {
        return new CdrStore(new Database(jdbcUrl, user, password));
    }

    /** A store on this database; creates or migrates the schema first. */
    public static CdrStore open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /** Like {@link #open(String)} with credentials. */
    public static CdrStore open(String jdbcUrl, String user, String password) {
        Database db = new Database(jdbcUrl, user, password);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            throw new RecorderException("cannot open " + Database.redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
        return new CdrStore(db);
    }

    /** The records matching the query, ordered by start, server, uniqueid, leg. */
    public List<CdrRecord> find(CdrQuery q) {
        List<CdrRecord> out = new ArrayList<>();
        forEach(q, out::add);
        return out;
    }

    /** How many records match (ignoring offset and limit). */
    public long count(CdrQuery q) {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        try (Connection c = db.connect();
             PreparedStatement ps = bind(c.prepareStatement("SELECT COUNT(*) FROM cdr" + where), args);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new RecorderException("count failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the matching records as CSV (RFC 4180: a header line, CRLF line ends, fields with commas, quotes or
     * line breaks quoted, quotes doubled; times ISO-8601 UTC). Streams rows: any size works.
     */
    public void exportCsv(CdrQuery q, Appendable out) {
        try {
            row(out, CSV_HEADER);
            forEach(q, r -> {
                try {
                    row(out, new String[] {r.server(), r.uniqueid(), Integer.toString(r.leg()), r.linkedid(), r.source(), r.destination(),
                        r.callerId(), r.context(), r.channel(), r.destinationChannel(), r.start().toString(),
                        r.answer() == null ? "" : r.answer().toString(), r.end().toString(),
                        Long.toString(r.duration()), Long.toString(r.billableSeconds()), r.disposition(),
                        r.hangupCause(), r.accountCode(), r.userField(), r.recordingFile(), r.origin().name()});
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls, minutes and billable minutes per account code for calls started in [from, to). */
    public List<AccountSummary> summary(Instant from, Instant to) {
        return summary(new CdrQuery(from, to, null, null, null, 0, 0));
    }

    /** Like {@link #summary(Instant, Instant)} over the records matching {@code q}'s filters (paging ignored). */
    public List<AccountSummary> summary(CdrQuery q) {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        String sql = "SELECT account_code, COUNT(*), SUM(duration), SUM(billable_seconds) FROM cdr" + where
                + " GROUP BY account_code ORDER BY account_code";
        List<AccountSummary> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = bind(c.prepareStatement(sql), args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AccountSummary(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        } catch (SQLException e) {
            throw new RecorderException("summary failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Calls and mean duration per minute or hour (by start) in [from, to); empty buckets are left out. */
    public List<StatsBucket> buckets(Instant from, Instant to, StatsBucket.Size size) {
        return buckets(new CdrQuery(from, to, null, null, null, 0, 0), size);
    }

    /** Like {@link #buckets(Instant, Instant, StatsBucket.Size)} over the records matching {@code q}'s filters. */
    public List<StatsBucket> buckets(CdrQuery q, StatsBucket.Size size) {
        long ms = size.length().toMillis();
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        // Integer division truncates in both dialects (start_ms is a positive BIGINT).
        String sql = "SELECT (start_ms / " + ms + ") * " + ms + " AS b, COUNT(*), AVG(duration) FROM cdr" + where
                + " GROUP BY b ORDER BY b";
        List<StatsBucket> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = bind(c.prepareStatement(sql), args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StatsBucket(Instant.ofEpochMilli(rs.getLong(1)), rs.getLong(2), rs.getDouble(3)));
            }
        } catch (SQLException e) {
            throw new RecorderException("buckets failed: " + e.getMessage(), e);
        }
        return out;
    }

    private void forEach(CdrQuery q, java.util.function.Consumer<CdrRecord> sink) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(Database.cdrColumns()).append(" FROM cdr")
                .append(where(q, args)).append(" ORDER BY start_ms, server, uniqueid, leg");
        if (q.limit() > 0) {
            sql.append(" LIMIT ").append(q.limit());
        }
        if (q.offset() > 0) {
            sql.append(q.limit() > 0 ? "" : " LIMIT " + (db.dialect() == Database.Dialect.SQLITE ? "-1" : "ALL"))
                    .append(" OFFSET ").append(q.offset());
        }
        try (Connection c = db.connect(); PreparedStatement ps = bind(c.prepareStatement(sql.toString()), args)) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(Database.readRecord(rs));
                }
            }
        } catch (SQLException e) {
            throw new RecorderException("query failed: " + e.getMessage(), e);
        }
    }

    private static String where(CdrQuery q, List<Object> args) {
        List<String> conds = new ArrayList<>();
        if (q.from() != null) {
            conds.add("start_ms >= ?");
            args.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            conds.add("start_ms < ?");
            args.add(q.to().toEpochMilli());
        }
        if (q.server() != null) {
            conds.add("server = ?");
            args.add(q.server());
        }
        if (q.accountCode() != null) {
            conds.add("account_code = ?");
            args.add(q.accountCode());
        }
        if (q.disposition() != null) {
            conds.add("disposition = ?");
            args.add(q.disposition());
        }
        return conds.isEmpty() ? "" : " WHERE " + String.join(" AND ", conds);
    }

    private static PreparedStatement bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
        return ps;
    }

    private static void row(Appendable out, String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(csv(fields[i]));
        }
        out.append("\r\n");
    }

    /** RFC 4180 field quoting. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
