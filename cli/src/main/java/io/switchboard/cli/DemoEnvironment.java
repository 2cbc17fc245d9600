package io.switchboard.cli;

import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.gateway.RecorderConfig;
import io.switchboard.gateway.Role;
import io.switchboard.gateway.ServerConfig;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.CallCenterTraffic;
import io.switchboard.testkit.pbx.SimulatedPbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * "A running demo" in one object: FakeAsterisk on a free loopback port with {@link CallCenterTraffic}, and the
 * {@link Gateway} (REST, WebSocket events, dashboard) connected to it, with one admin API token made up at
 * start-up (or given). {@code switchboard demo} is a thin shell around this; tests (a browser test, for one) start
 * the same thing in-process:
 *
 * <pre>{@code
 * try (DemoEnvironment demo = DemoEnvironment.builder().port(0).speed(10).build().start()) {
 *     open(demo.url());                        // http://127.0.0.1:PORT/
 *     authorise("Bearer " + demo.token());
 * }
 * }</pre>
 *
 * <p>Finished calls are recorded by the gateway's billing recorder into SQLite: the file given to
 * {@link Builder#database(Path)} (kept, so a second run adds to it), or by default {@code cdr.db} in a temporary
 * directory deleted on {@link #close()}. That is what the dashboard's call statistics and {@code switchboard cdr}
 * read.
 *
 * <p>The token is kept in memory only; the gateway's configuration holds its SHA-256, as a {@code switchboard.yml}
 * would. The fake's AMI secret goes to the gateway through a private temporary file (the gateway reads secrets only
 * from the environment or a file), deleted on {@link #close()}. Not thread-safe: start and close from one thread.
 */
public final class DemoEnvironment implements AutoCloseable {
    /** The HTTP port the demo tries first. */
    public static final int DEFAULT_PORT = 8080;
    /** The server name the API uses for the embedded FakeAsterisk. */
    public static final String SERVER_NAME = "demo";

    private final int requestedPort;
    private final boolean fallbackToFreePort;
    private final double callsPerMinute;
    private final double speed;
    private final long seed;
    private final String givenToken;
    private final Path givenDatabase;
    private FakeAsterisk fake;
    private Path tempDir;
    private Path database;
    private CallCenterTraffic traffic;
    private Gateway gateway;
    private Path secretFile;
    private String token;
    private boolean portFellBack;
    private boolean closed;

    private DemoEnvironment(Builder b) {
        this.requestedPort = b.port;
        this.fallbackToFreePort = b.fallbackToFreePort;
        this.callsPerMinute = b.callsPerMinute;
        this.speed = b.speed;
        this.seed = b.seed;
        this.givenToken = b.token;
        this.givenDatabase = b.database;
    }

    /** Options with the defaults: port 8080 (or a free one if taken), 12 calls a minute, speed 1, random seed. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts FakeAsterisk, its traffic and the gateway; returns this. On failure everything started so far is
     * closed again and the exception is thrown (an {@link IllegalStateException} or {@link UncheckedIOException}).
     */
    public DemoEnvironment start() {
        if (fake != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        try {
            double timeScale = 1 / speed;
            fake = FakeAsterisk.builder().port(0).loginDelay(Duration.ZERO)
                    .callEngine(broadcast -> SimulatedPbx.builder().timeScale(timeScale).seed(seed).build(broadcast))
                    .start();
            traffic = pbx().startCallCenter(CallCenterTraffic.Options.defaults()
                    .withCallsPerMinute(callsPerMinute).withSeed(seed));
            secretFile = writeSecret(FakeAsterisk.DEFAULT_SECRET);
            token = givenToken != null ? givenToken : randomToken();
            database = givenDatabase != null ? givenDatabase.toAbsolutePath() : temporaryDatabase();
            int port = requestedPort;
            if (port != 0 && fallbackToFreePort && !free(port)) {
                port = 0;
                portFellBack = true;
            }
            gateway = new Gateway(config(port)).start();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private GatewayConfig config(int port) {
        return GatewayConfig.builder()
                .server(new ServerConfig(SERVER_NAME, fake.host(), fake.port(), FakeAsterisk.DEFAULT_USERNAME, null,
                        secretFile))
                .token(new ApiToken("demo", ApiToken.sha256Hex(token), Role.ADMIN))
                .bindAddress(GatewayConfig.DEFAULT_BIND_ADDRESS)
                .port(port)
                .recorder(new RecorderConfig("jdbc:sqlite:" + database, null, null, null, null))
                .build();
    }

    private Path temporaryDatabase() {
        try {
            tempDir = Files.createTempDirectory("switchboard-demo-");
            return tempDir.resolve("cdr.db");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo's temporary directory: " + e.getMessage(), e);
        }
    }

    /** The SQLite file the demo records calls into (its spool is the directory {@code FILE.spool} beside it). */
    public Path database() {
        started();
        return database;
    }

    /** Whether {@link #database()} is a temporary file, deleted on {@link #close()}. */
    public boolean databaseIsTemporary() {
        started();
        return tempDir != null;
    }

    /** The dashboard's address, {@code http://127.0.0.1:PORT/}. */
    public String url() {
        return "http://" + GatewayConfig.DEFAULT_BIND_ADDRESS + ":" + gateway().port() + "/";
    }

    /** The admin API token (send it as {@code Authorization: Bearer TOKEN}). */
    public String token() {
        started();
        return token;
    }

    /** The running gateway. */
    public Gateway gateway() {
        started();
        return gateway;
    }

    /** The embedded FakeAsterisk the gateway is connected to. */
    public FakeAsterisk fake() {
        started();
        return fake;
    }

    /** The simulated PBX behind the fake (to hang calls up, count channels...). */
    public SimulatedPbx pbx() {
        if (fake == null) {
            throw new IllegalStateException("not started");
        }
        return fake.callEngine().filter(SimulatedPbx.class::isInstance).map(SimulatedPbx.class::cast)
                .orElseThrow(() -> new IllegalStateException("FakeAsterisk has no SimulatedPbx"));
    }

    /** The call-center traffic (calls started, the flows they follow). */
    public CallCenterTraffic traffic() {
        started();
        return traffic;
    }

    /** Whether the requested port was taken, so that the gateway listens on a free port instead. */
    public boolean portFellBack() {
        return portFellBack;
    }

    /** Mean arrival rate of the simulated calls, per simulated minute. */
    public double callsPerMinute() {
        return callsPerMinute;
    }

    /** How much faster than real time the PBX runs. */
    public double speed() {
        return speed;
    }

    /** The seed of the traffic and the PBX (the same seed plays the same calls). */
    public long seed() {
        return seed;
    }

    private void started() {
        if (gateway == null) {
            throw new IllegalStateException("not started");
        }
    }

    /**
     * Stops the traffic, the gateway (and with it the recorder) and the fake, deletes the secret file and a
     * temporary database. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        if (traffic != null) {
            traffic.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (fake != null) {
            fake.close();
        }
        if (secretFile != null) {
            try {
                Files.deleteIfExists(secretFile);
            } catch (IOException e) {
                // a temporary file; deleteOnExit removes it at the latest when the JVM ends
            }
        }
        if (tempDir != null) {
            deleteTree(tempDir);
            tempDir = null;
        }
    }

    /** Deletes a directory the demo created; what cannot be deleted is left (it is in the temp directory). */
    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left in the system's temporary directory
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // likewise
        }
    }

    @Override
    public String toString() {
        return "DemoEnvironment{" + (gateway == null ? "not started" : url()) + "}";
    }

    private static Path writeSecret(String secret) {
        try {
            Path file;
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                file = Files.createTempFile("switchboard-demo-", ".secret",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                file = Files.createTempFile("switchboard-demo-", ".secret");
            }
            file.toFile().deleteOnExit();
            Files.writeString(file, secret, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's AMI secret file: " + e.getMessage(), e);
        }
    }

    /** 32 random bytes, URL-safe: nothing to escape in a header, a URL or a shell. */
    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "sbdemo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether nothing listens on 127.0.0.1:port now (the gateway binds it a moment later). */
    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(GatewayConfig.DEFAULT_BIND_ADDRESS))) {
            return true;
        } catch (BindException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Options of a {@link DemoEnvironment}. Defaults: port {@value DemoEnvironment#DEFAULT_PORT} with fallback
     * to a free port, 12 calls a minute, speed 1 (real time), a random seed, a random token.
     */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private boolean fallbackToFreePort = true;
        private double callsPerMinute = CallCenterTraffic.Options.DEFAULT_CALLS_PER_MINUTE;
        private double speed = 1;
        private long seed = new SecureRandom().nextLong();
        private String token;
        private Path database;

        private Builder() {
        }

        /**
         * Record calls into this SQLite file and keep it (default: a temporary one, deleted when the demo
         * closes). Its parent directory must exist.
         */
        public Builder database(Path file) {
            this.database = Objects.requireNonNull(file, "file");
            return this;
        }

        /** HTTP port on 127.0.0.1; 0 for any free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535");
            }
            this.port = port;
            return this;
        }

        /** Whether a taken port means "use any free port" (true) rather than failing to start (false). */
        public Builder fallbackToFreePort(boolean fallback) {
            this.fallbackToFreePort = fallback;
            return this;
        }

        /** Mean arrival rate of simulated calls, per simulated minute. */
        public Builder callsPerMinute(double rate) {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("calls per minute must be a positive number");
            }
            this.callsPerMinute = rate;
            return this;
        }

        /** How much faster than real time the PBX runs: 10 makes a 60 s call last 6 s (and 10 times the calls). */
        public Builder speed(double speed) {
            if (!(speed > 0) || Double.isInfinite(speed) || speed > 1000) {
                throw new IllegalArgumentException("speed must be a number above 0 and at most 1000");
            }
            this.speed = speed;
            return this;
        }

        /** Seed of the traffic and the PBX: the same seed plays the same calls. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Use this API token instead of a random one (for tests and scripts); at least 16 characters. */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            if (token.length() < 16 || !token.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("token must be at least 16 printable ASCII characters, no spaces");
            }
            this.token = token;
            return this;
        }

        /** A demo with these options, not started yet. */
        public DemoEnvironment build() {
            return new DemoEnvironment(this);
        }
    }
}
