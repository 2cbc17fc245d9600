package io.switchboard.recorder.internal;

import io.switchboard.recorder.CdrRecord;
import io.switchboard.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two writers (gateways) storing Cdrs of one channel at the same moment on PostgreSQL, made deterministic: one
 * transaction inserts and stays open, the other is seen waiting on its lock, then the first commits.
 */
class ConcurrentLegsPostgresTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer pg;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    private static Database database() throws SQLException {
        String name = "legs_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        Database db = new Database(pg.jdbcUrl(name), null, null);
        db.migrate();
        return db;
    }

    private static Op.Record cdr(String fingerprint, long billsec) {
        return new Op.Record(CdrRecord.builder().server("pbx1").uniqueid("1.10").start(Instant.ofEpochMilli(1_000))
                .answer(Instant.ofEpochMilli(1_000)).end(Instant.ofEpochMilli(1_000 + billsec * 1000))
                .duration(billsec).billableSeconds(billsec).disposition("ANSWERED").build(), fingerprint);
    }

    /** Inserts {@code op} in a transaction left open on {@code c} (as another gateway's batch in progress). */
    private static void insertUncommitted(Connection c, Op.Record op) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(Database.INSERT_RECORD)) {
            Database.bindRecord(ps, op);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static void awaitSomeoneWaitingOnALock(Connection observer) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            + " AND datname = current_database()")) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        });
    }

    private static CompletableFuture<Database.Applied> applyAsync(Database db, Connection c, Op op) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return db.apply(c, List.of(op));
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Test
    void twoDifferentCdrsRacingForLeg1FailOneBatchWhoseRetryTakesLeg2() throws Exception {
        Database db = database();
        try (Connection a = db.connect(); Connection b = db.connect(); Connection observer = db.connect()) {
            insertUncommitted(a, cdr("first", 60));
            CompletableFuture<Database.Applied> racing = applyAsync(db, b, cdr("second", 120));
            awaitSomeoneWaitingOnALock(observer);
            a.commit();
            // Both computed leg 1: the primary key refuses the second, its transaction is rolled back ...
            assertThatThrownBy(racing::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            // ... and the writer's retry of the batch takes the next leg.
            Database.Applied retried = db.apply(b, List.of(cdr("second", 120)));
            assertThat(retried.inserted()).isEqualTo(1);
            assertThat(retried.records()[0].leg()).isEqualTo(2);
            assertThat(legs(observer)).containsExactly("1:first", "2:second");
        }
    }

    @Test
    void theSameCdrWrittenByTwoGatewaysAtOnceIsStoredOnce() throws Exception {
        Database db = database();
        try (Connection a = db.connect(); Connection b = db.connect(); Connection observer = db.connect()) {
            insertUncommitted(a, cdr("same", 60));
            CompletableFuture<Database.Applied> racing = applyAsync(db, b, cdr("same", 60));
            awaitSomeoneWaitingOnALock(observer);
            a.commit();
            Database.Applied applied = racing.get();
            assertThat(applied.inserted()).isZero();
            assertThat(applied.duplicates()).isEqualTo(1);
            assertThat(applied.records()[0].leg()).isEqualTo(1);
            assertThat(legs(observer)).containsExactly("1:same");
        }
    }

    private static List<String> legs(Connection c) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT leg, cdr_fingerprint FROM cdr WHERE server = 'pbx1' AND uniqueid = '1.10' ORDER BY leg")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }
}
