package io.switchboard.recorder;

import io.switchboard.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** The recorder suite on a real PostgreSQL server; "database down" stops the server, "up" starts it again. */
class PostgresRecorderTest extends RecorderContract {
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

    @Override
    public String jdbcUrl() {
        String name = "cdr_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return pg.jdbcUrl(name);
    }

    @Override
    void databaseDown() {
        pg.stop();
    }

    @Override
    void databaseUp() {
        pg.restart();
    }
}
