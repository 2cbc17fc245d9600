package io.switchboard.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests, run from the machine's PostgreSQL binaries (Debian's
 * {@code /usr/lib/postgresql/<version>/bin}; {@code .ci/run} installs the {@code postgresql} package): a fresh
 * cluster in a temporary directory, trust authentication, listening on a free port of 127.0.0.1 only.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *     String url = pg.jdbcUrl();          // jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres
 *     pg.stop(); pg.restart();            // an outage, same data and port
 * }
 * }</pre>
 *
 * <p>PostgreSQL refuses to run as root, so when the JVM runs as root the cluster is created and run as the
 * {@code postgres} system user ({@code runuser -u postgres --}); the directory is handed to that user.
 * JDK only, so any module's tests can use it.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;
    private boolean running;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Creates a cluster (initdb) and starts it. Fails with {@link IllegalStateException} naming the fix when no
     * PostgreSQL binaries are installed.
     */
    public static PostgresServer start() {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        try {
            dir = Files.createTempDirectory("switchboard-pg-");
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), 30);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresServer pg = new PostgresServer(bin, dir, freePort(), root);
        try {
            pg.exec(60, bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-sync");
            pg.restart();
        } catch (RuntimeException e) {
            pg.deleteDir();
            throw e;
        }
        return pg;
    }

    /** The JDBC URL of the {@code postgres} database as user {@code postgres} (no password: trust auth). */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The JDBC URL of another database of this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** The port it listens on (kept across {@link #stop()}/{@link #restart()}). */
    public int port() {
        return port;
    }

    /** Whether the server is running. */
    public synchronized boolean isRunning() {
        return running;
    }

    /** Stops the server (fast shutdown: clients are disconnected); the data directory stays. */
    public synchronized void stop() {
        if (running) {
            exec(60, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
            running = false;
        }
    }

    /** Starts the server again on the same data directory and port (waits until it accepts connections). */
    public synchronized void restart() {
        if (running) {
            return;
        }
        exec(60, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                        + " -c fsync=off", "start");
        running = true;
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            deleteDir();
        }
    }

    private static Path findBin() {
        String override = System.getenv("SWITCHBOARD_PG_BIN");
        if (override != null && Files.isExecutable(Path.of(override, "initdb"))) {
            return Path.of(override);
        }
        if (Files.isDirectory(DEBIAN_ROOT)) {
            try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent())));
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL's initdb was not found under " + DEBIAN_ROOT
                + "/*/bin (or $SWITCHBOARD_PG_BIN): install postgresql; .ci/run does");
    }

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void exec(int timeoutSeconds, String... command) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        run(cmd, timeoutSeconds);
    }

    private static void run(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // Read the output while it runs, so a chatty command cannot block on a full pipe.
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                        + new String(out, java.nio.charset.StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd.get(0), e);
        }
    }

    private void deleteDir() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temp dir is not worth failing a test for
                }
            });
        } catch (IOException e) {
            // same
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[127.0.0.1:" + port + ", " + dir + (isRunning() ? ", running" : ", stopped") + "]";
    }
}
