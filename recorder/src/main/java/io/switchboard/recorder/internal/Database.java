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

    static final String CDR_COLUMNS = "server, uniqueid, linkedid, source, destination, caller_id, context, channel,"
            + " destination_channel, start_ms, answer_ms, end_ms, duration, billable_seconds, disposition,"
            + " hangup_cause, account_code, user_field, recording_file, origin";

    /**
     * Outcome of one batch; {@code recordInserted[i]} says whether the batch's i-th record op inserted its row
     * (false: a duplicate).
     */
    public record Applied(int inserted, int duplicates, boolean[] recordInserted) {
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
     * Records already present ((server, uniqueid) conflict) count as duplicates, not errors.
     */
    public Applied apply(Connection c, List<Op> ops) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        int inserted = 0;
        int dups = 0;
        boolean[] outcomes = new boolean[0];
        try (PreparedStatement open = c.prepareStatement("INSERT INTO open_channels (server, uniqueid, linkedid,"
                + " channel, caller_num, caller_name, exten, context, account_code, start_ms, answer_ms)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (server, uniqueid) DO NOTHING");
             PreparedStatement answer = c.prepareStatement(
                     "UPDATE open_channels SET answer_ms = ? WHERE server = ? AND uniqueid = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO cdr (" + CDR_COLUMNS + ")"
                     + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (server, uniqueid) DO NOTHING");
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
                    bindRecord(insert, r.record());
                    insert.addBatch();
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
                    // 0 rows: ON CONFLICT DO NOTHING hit an existing (server, uniqueid).
                    outcomes[i] = counts[i] != 0;
                    if (outcomes[i]) {
                        inserted++;
                    } else {
                        dups++;
                    }
                }
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
        return new Applied(inserted, dups, outcomes);
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

    static void bindRecord(PreparedStatement ps, CdrRecord r) throws SQLException {
        ps.setString(1, text(r.server()));
        ps.setString(2, text(r.uniqueid()));
        ps.setString(3, text(r.linkedid()));
        ps.setString(4, text(r.source()));
        ps.setString(5, text(r.destination()));
        ps.setString(6, text(r.callerId()));
        ps.setString(7, text(r.context()));
        ps.setString(8, text(r.channel()));
        ps.setString(9, text(r.destinationChannel()));
        ps.setLong(10, r.start().toEpochMilli());
        if (r.answer() == null) {
            ps.setNull(11, Types.BIGINT);
        } else {
            ps.setLong(11, r.answer().toEpochMilli());
        }
        ps.setLong(12, r.end().toEpochMilli());
        ps.setLong(13, r.duration());
        ps.setLong(14, r.billableSeconds());
        ps.setString(15, text(r.disposition()));
        ps.setString(16, text(r.hangupCause()));
        ps.setString(17, text(r.accountCode()));
        ps.setString(18, text(r.userField()));
        ps.setString(19, text(r.recordingFile()));
        ps.setString(20, text(r.origin().name()));
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
        long answer = rs.getLong(11);
        boolean unanswered = rs.wasNull();
        return new CdrRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                java.time.Instant.ofEpochMilli(rs.getLong(10)),
                unanswered ? null : java.time.Instant.ofEpochMilli(answer),
                java.time.Instant.ofEpochMilli(rs.getLong(12)), rs.getLong(13), rs.getLong(14), rs.getString(15),
                rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19),
                CdrRecord.Origin.valueOf(rs.getString(20)));
    }

    /** The columns for queries. */
    public static String cdrColumns() {
        return CDR_COLUMNS;
    }
}
