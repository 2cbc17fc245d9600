package io.switchboard.recorder.internal;

import io.switchboard.recorder.CdrRecord;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The recorder's JDBC side: the dialect chosen by the URL, Flyway migrations, and the batched, idempotent
 * application of spooled {@link Op}s in one transaction.
 */
public final class Database {
    /** The supported databases. */
    public enum Dialect { SQLITE, POSTGRESQL }

    static final String CDR_COLUMNS = "server, uniqueid, leg, linkedid, source, destination, caller_id, context, channel,"
            + " destination_channel, start_ms, answer_ms, end_ms, duration, billable_seconds, disposition,"
            + " hangup_cause, account_code, user_field, recording_file, origin";

    /**
     * Stores a record as the next leg of its channel unless it is already there. Its leg is 1 + the highest leg
     * stored for (server, uniqueid). It is skipped when a row with the same fingerprint exists (the same Cdr heard
     * again), and, so that a channel never has both a derived and a Cdr record (as before legs), when the channel
     * has a derived row (fingerprint empty) or the record itself is derived and the channel has any row. The
     * unique (server, uniqueid, cdr_fingerprint) makes concurrent writers of the same Cdr store it once; the primary
     * key (server, uniqueid, leg) makes two different Cdrs that raced for the same leg fail one transaction, which
     * the writer retries and which then takes the next leg.
     */
    static final String INSERT_RECORD = "INSERT INTO cdr (" + CDR_COLUMNS + ", cdr_fingerprint)"
            + " SELECT ?, ?, 1 + COALESCE((SELECT MAX(leg) FROM cdr WHERE server = ? AND uniqueid = ?), 0),"
            + " ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, ?"
            + " WHERE NOT EXISTS (SELECT 1 FROM cdr WHERE server = ? AND uniqueid = ?"
            + " AND (cdr_fingerprint = ? OR cdr_fingerprint = '' OR ? = ''))"
            + " ON CONFLICT (server, uniqueid, cdr_fingerprint) DO NOTHING";

    /**
     * Outcome of one batch; {@code recordInserted[i]} says whether the batch's i-th record op inserted its row
     * (false: a duplicate), {@code records[i]} is that record with the leg it is stored as (for a duplicate: the
     * leg of the row it duplicates, or as submitted if none matches, e.g. a Cdr of a channel recorded as
     * RECONCILED).
     */
    public record Applied(int inserted, int duplicates, boolean[] recordInserted, CdrRecord[] records) {
    }

    private final String url;
    private final Properties props;
    private final Dialect dialect;

    public Database(String url, String user, String password) {
        this.url = url;
        this.dialect = dialectOf(url);
        this.props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
    }

    /** The dialect for a JDBC URL; anything but SQLite and PostgreSQL is refused. */
    public static Dialect dialectOf(String url) {
        if (url == null) {
            throw new IllegalArgumentException("JDBC URL is required");
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return Dialect.SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported JDBC URL " + redact(url)
                + " (use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB)");
    }

    /** The URL without its query string, which may carry a password: the only form that may be logged. */
    public static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Creates or migrates the schema (Flyway, per-dialect migrations). */
    public void migrate() {
        String location = "classpath:db/migration/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql");
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(url, props.getProperty("user"), props.getProperty("password"))
                .locations(location)
                .load()
                .migrate();
    }

    /** A new connection, set up for the dialect (SQLite: WAL journal, a short busy timeout). */
    public Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, props);
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 2000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
            }
        }
        return c;
    }

    /**
     * Applies ops in one transaction. Statements are grouped by kind in lifecycle order (open, answer, record,
     * close, server) which, since a channel's ops always come in that order, keeps each channel's history.
     * Records already present (see {@link #INSERT_RECORD}) count as duplicates, not errors.
     */
    public Applied apply(Connection c, List<Op> ops) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        int inserted = 0;
        int dups = 0;
        boolean[] outcomes = new boolean[0];
        List<Op.Record> recordOps = new ArrayList<>();
        CdrRecord[] stored = new CdrRecord[0];
        try (PreparedStatement open = c.prepareStatement("INSERT INTO open_channels (server, uniqueid, linkedid,"
                + " channel, caller_num, caller_name, exten, context, account_code, start_ms, answer_ms)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (server, uniqueid) DO NOTHING");
             PreparedStatement answer = c.prepareStatement(
                     "UPDATE open_channels SET answer_ms = ? WHERE server = ? AND uniqueid = ?");
             PreparedStatement insert = c.prepareStatement(INSERT_RECORD);
             PreparedStatement leg = c.prepareStatement(
                     "SELECT leg FROM cdr WHERE server = ? AND uniqueid = ? AND cdr_fingerprint = ?");
             PreparedStatement close = c.prepareStatement(
                     "DELETE FROM open_channels WHERE server = ? AND uniqueid = ?");
             PreparedStatement server = c.prepareStatement(
                     "INSERT INTO cdr_servers (server) VALUES (?) ON CONFLICT (server) DO NOTHING")) {
            int nOpen = 0;
            int nAnswer = 0;
            int nInsert = 0;
            int nClose = 0;
            int nServer = 0;
            for (Op op : ops) {
                if (op instanceof Op.Open o) {
                    OpenChannel ch = o.channel();
                    open.setString(1, text(ch.server()));
                    open.setString(2, text(ch.uniqueid()));
                    open.setString(3, text(ch.linkedid()));
                    open.setString(4, text(ch.channel()));
                    open.setString(5, text(ch.callerNum()));
                    open.setString(6, text(ch.callerName()));
                    open.setString(7, text(ch.exten()));
                    open.setString(8, text(ch.context()));
                    open.setString(9, text(ch.accountCode()));
                    open.setLong(10, ch.startMs());
                    if (ch.answerMs() >= 0) {
                        open.setLong(11, ch.answerMs());
                    } else {
                        open.setNull(11, Types.BIGINT);
                    }
                    open.addBatch();
                    nOpen++;
                } else if (op instanceof Op.Answer a) {
                    answer.setLong(1, a.answerMs());
                    answer.setString(2, text(a.server()));
                    answer.setString(3, text(a.uniqueid()));
                    answer.addBatch();
                    nAnswer++;
                } else if (op instanceof Op.Record r) {
                    bindRecord(insert, r);
                    insert.addBatch();
                    recordOps.add(r);
                    nInsert++;
                    close.setString(1, text(r.server()));
                    close.setString(2, text(r.record().uniqueid()));
                    close.addBatch();
                    nClose++;
                } else if (op instanceof Op.Close cl) {
                    close.setString(1, text(cl.server()));
                    close.setString(2, text(cl.uniqueid()));
                    close.addBatch();
                    nClose++;
                } else if (op instanceof Op.CdrServer s) {
                    server.setString(1, text(s.server()));
                    server.addBatch();
                    nServer++;
                }
            }
            if (nOpen > 0) {
                open.executeBatch();
            }
            if (nAnswer > 0) {
                answer.executeBatch();
            }
            if (nInsert > 0) {
                int[] counts = insert.executeBatch();
                outcomes = new boolean[counts.length];
                for (int i = 0; i < counts.length; i++) {
                    // 0 rows: the record was already there (NOT EXISTS, or ON CONFLICT DO NOTHING).
                    outcomes[i] = counts[i] != 0;
                    if (outcomes[i]) {
                        inserted++;
                    } else {
                        dups++;
                    }
                }
            }
            stored = new CdrRecord[recordOps.size()];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = storedAs(leg, recordOps.get(i));
            }
            if (nClose > 0) {
                close.executeBatch();
            }
            if (nServer > 0) {
                server.executeBatch();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(auto);
            } catch (SQLException ignored) {
                // the connection is broken; the writer reconnects
            }
        }
        return new Applied(inserted, dups, outcomes, stored);
    }

    /** The durable open-channel set. */
    public List<OpenChannel> openChannels(Connection c) throws SQLException {
        List<OpenChannel> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT server, uniqueid, linkedid, channel, caller_num, caller_name,"
                     + " exten, context, account_code, start_ms, answer_ms FROM open_channels")) {
            while (rs.next()) {
                long answer = rs.getLong(11);
                if (rs.wasNull()) {
                    answer = -1;
                }
                out.add(new OpenChannel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getLong(10), answer));
            }
        }
        return out;
    }

    /** Servers known to send Cdr events. */
    public Set<String> cdrServers(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT server FROM cdr_servers")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The record with the leg of its row (same fingerprint), as it was when the batch was applied. */
    private static CdrRecord storedAs(PreparedStatement leg, Op.Record op) throws SQLException {
        CdrRecord r = op.record();
        leg.setString(1, text(r.server()));
        leg.setString(2, text(r.uniqueid()));
        leg.setString(3, op.fingerprint());
        try (ResultSet rs = leg.executeQuery()) {
            return rs.next() ? r.withLeg(rs.getInt(1)) : r;
        }
    }

    /** Binds {@link #INSERT_RECORD}'s parameters. */
    static void bindRecord(PreparedStatement ps, Op.Record op) throws SQLException {
        CdrRecord r = op.record();
        String server = text(r.server());
        String uniqueid = text(r.uniqueid());
        ps.setString(1, server);
        ps.setString(2, uniqueid);
        ps.setString(3, server);
        ps.setString(4, uniqueid);
        bindFields(ps, 5, r);
        ps.setString(23, op.fingerprint());
        ps.setString(24, server);
        ps.setString(25, uniqueid);
        ps.setString(26, op.fingerprint());
        ps.setString(27, op.fingerprint());
    }

    /** Binds the 18 columns after (server, uniqueid, leg) from parameter {@code first} on. */
    private static void bindFields(PreparedStatement ps, int first, CdrRecord r) throws SQLException {
        int o = first - 3; // o + n: the n-th column of the table as V1 laid it out (linkedid was 3rd)
        ps.setString(o + 3, text(r.linkedid()));
        ps.setString(o + 4, text(r.source()));
        ps.setString(o + 5, text(r.destination()));
        ps.setString(o + 6, text(r.callerId()));
        ps.setString(o + 7, text(r.context()));
        ps.setString(o + 8, text(r.channel()));
        ps.setString(o + 9, text(r.destinationChannel()));
        ps.setLong(o + 10, r.start().toEpochMilli());
        if (r.answer() == null) {
            ps.setNull(o + 11, Types.BIGINT);
        } else {
            ps.setLong(o + 11, r.answer().toEpochMilli());
        }
        ps.setLong(o + 12, r.end().toEpochMilli());
        ps.setLong(o + 13, r.duration());
        ps.setLong(o + 14, r.billableSeconds());
        ps.setString(o + 15, text(r.disposition()));
        ps.setString(o + 16, text(r.hangupCause()));
        ps.setString(o + 17, text(r.accountCode()));
        ps.setString(o + 18, text(r.userField()));
        ps.setString(o + 19, text(r.recordingFile()));
        ps.setString(o + 20, text(r.origin().name()));
    }

    /**
     * A string as stored. PostgreSQL refuses U+0000 in text ("invalid byte sequence"), and a NUL is valid UTF-8 that
     * the AMI decoder passes on (a caller name or user field can carry one). Refused, it would fail its batch on
     * every retry and stall the writer for good, so it is stored as U+FFFD instead, on both databases alike.
     */
    static String text(String s) {
        return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
    }

    /** Reads a {@link CdrRecord} from a row selected as {@link #CDR_COLUMNS}. */
    public static CdrRecord readRecord(ResultSet rs) throws SQLException {
        long answer = rs.getLong(12);
        boolean unanswered = rs.wasNull();
        return new CdrRecord(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                java.time.Instant.ofEpochMilli(rs.getLong(11)),
                unanswered ? null : java.time.Instant.ofEpochMilli(answer),
                java.time.Instant.ofEpochMilli(rs.getLong(13)), rs.getLong(14), rs.getLong(15), rs.getString(16),
                rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20),
                CdrRecord.Origin.valueOf(rs.getString(21)));
    }

    /** The columns for queries. */
    public static String cdrColumns() {
        return CDR_COLUMNS;
    }
}
