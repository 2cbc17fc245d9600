package io.switchboard.recorder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The recorder suite on SQLite. "Database down" is a second connection holding SQLite's write lock
 * ({@code BEGIN EXCLUSIVE}): every write of the recorder fails with SQLITE_BUSY, as with a database that cannot
 * be written (a read-only file or full disk, which cannot be simulated as root, give the same error path).
 */
class SqliteRecorderTest extends RecorderContract {
    private String url;
    private Connection locker;

    @Override
    public String jdbcUrl() {
        url = "jdbc:sqlite:" + tmp.resolve("cdr.db");
        return url;
    }

    @Override
    void databaseDown() throws Exception {
        locker = DriverManager.getConnection(url);
        try (Statement s = locker.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("BEGIN EXCLUSIVE");
        }
    }

    @Override
    void databaseUp() throws Exception {
        if (locker != null) {
            try (Statement s = locker.createStatement()) {
                s.execute("ROLLBACK");
            }
            locker.close();
            locker = null;
        }
    }
}
