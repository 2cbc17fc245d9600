package io.switchboard.recorder;

import io.switchboard.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The testkit's PostgresServer fixture (tested here, where a JDBC driver is on the class path). */
class PostgresServerTest {
    @Test
    void keepsItsDataAcrossStopAndRestartAndRefusesConnectionsWhileStopped() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (x INT)");
                s.execute("INSERT INTO t VALUES (42)");
            }
            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl()).close())
                    .isInstanceOf(SQLException.class);
            pg.restart();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT x FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }
}
