package io.switchboard.testkit;

import io.switchboard.ami.Packet;
import io.switchboard.testkit.internal.Account;
import io.switchboard.testkit.internal.AmiServer;
import io.switchboard.testkit.internal.Defaults;
import io.switchboard.testkit.internal.ServerConfig;
import io.switchboard.testkit.internal.ServerEvent;
import io.switchboard.testkit.internal.Transcript;
import io.switchboard.testkit.pbx.CallEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An embedded fake Asterisk 22 AMI server on 127.0.0.1, for tests. It speaks the protocol as Asterisk 22.10.1
 * does on the wire (banner, login plain and MD5, permissions, event classes and masks, filters, the
 * manager.c actions, error texts), hands call-related actions to an optional {@link CallEngine}, can replay a
 * recorded session byte for byte, and injects faults.
 *
 * <pre>{@code
 * try (FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).start()) {
 *     connect to fake.host() : fake.port(), log in as admin / amp111 ...
 *     fake.pushEvent(Packet.of("Event", "Hangup", "Privilege", "call,all", "Channel", "PJSIP/a-1"));
 *     Packet action = fake.takeAction(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Each client connection is served by its own thread, like an Asterisk session thread: it runs one request
 * at a time, writes its response directly, and writes queued events only between requests, so events never
 * appear in the middle of an action's reply. Thread-safe; every method may be called from any thread.
 *
 * <p>With {@link Builder#http(boolean)} it also serves AMI over HTTP ({@code /rawman} on {@link #httpPort()}):
 * {@code mansession_id} cookie sessions that run the same session logic, start with event mask 0, expire after
 * {@link Builder#httpTimeout httptimeout}, and get their events by {@code WaitEvent} long polling.
 *
 * <p>Not simulated: TLS, HTTPS, {@code /manager}, {@code /mxml} and the Digest URIs, authtimeout/authlimit,
 * writetimeout disconnects of slow readers, ACLs, {@code allowmultiplelogin=no}, failed-login security events
 * (InvalidPassword...), WaitEvent over TCP, and Asterisk's answer to stray blank lines ("Missing action in
 * request"): the request decoder skips them.
 */
public final class FakeAsterisk implements AutoCloseable {
    /** The default account's user name. */
    public static final String DEFAULT_USERNAME = "admin";
    /** The default account's secret. */
    public static final String DEFAULT_SECRET = "amp111";
    /** Asterisk's wait before answering a failed login. */
    public static final Duration DEFAULT_LOGIN_DELAY = Duration.ofSeconds(1);
    /** The AMI port Asterisk uses by default. */
    public static final int AMI_PORT = 5038;
    /** Asterisk's default {@code httptimeout}. */
    public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(60);

    private static final String TRANSCRIPTS = "io/switchboard/transcripts/";

    private final AmiServer server;
    private final Faults faults;

    private FakeAsterisk(AmiServer server) {
        this.server = server;
        this.faults = new Faults(server);
    }

    /** A builder with the default account (admin / amp111, read and write all) and an ephemeral port. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server that replays a recorded session to every client (see {@link Builder#replay}). */
    public static FakeAsterisk replay(byte[] recv, byte[] sent) {
        return builder().replay(recv, sent).start();
    }

    /** Like {@link #replay(byte[], byte[])}, from text (UTF-8). */
    public static FakeAsterisk replay(String recv, String sent) {
        return replay(recv.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Starts a server replaying one of the golden Asterisk 22.10.1 recordings (e.g. {@code "ping"},
     * {@code "event_storm"}) from the {@code switchboard-transcripts} artifact, which must be on the class path.
     */
    public static FakeAsterisk replayTranscript(String name) {
        return builder().replayTranscript(name).start();
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    /** The listening port; stays the same across {@link #restart()}. */
    public int port() {
        return server.port();
    }

    /**
     * The HTTP manager's port ({@code /rawman} with the configured prefix); stays the same across
     * {@link #restart()}. Throws {@link IllegalStateException} unless built with {@link Builder#http(boolean)}.
     */
    public int httpPort() {
        int p = server.httpPort();
        if (p < 0) {
            throw new IllegalStateException("HTTP is not enabled: build with FakeAsterisk.builder().http(true)");
        }
        return p;
    }

    /**
     * Broadcasts an event to every logged-in session whose read permission and event mask include all of the
     * event's classes (taken from its {@code Privilege} header, e.g. {@code "call,all"}) and whose filters
     * let it through. Returns at once; each session writes it when it is not running an action. In replay mode
     * every connected client gets it, unfiltered, between recorded groups.
     */
    public void pushEvent(Packet event) {
        Objects.requireNonNull(event, "event");
        server.broadcast(ServerEvent.of(event));
    }

    /**
     * The oldest request received (on any session, Login included) and not taken yet, waiting up to
     * {@code timeout}; {@code null} on timeout or interrupt (the interrupt flag is kept).
     */
    public Packet takeAction(Duration timeout) {
        try {
            return server.takeAction(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Open client connections, logged in or not. */
    public int sessionCount() {
        return server.sessionCount();
    }

    /** Connections that have logged in. */
    public int loggedInCount() {
        return server.loggedInCount();
    }

    /** Waits until exactly {@code n} connections are open; false on timeout. */
    public boolean awaitSessions(int n, Duration timeout) {
        return await(AmiServer::sessionCount, n, timeout);
    }

    /** Waits until exactly {@code n} connections are logged in; false on timeout. */
    public boolean awaitLoggedIn(int n, Duration timeout) {
        return await(AmiServer::loggedInCount, n, timeout);
    }

    private boolean await(java.util.function.ToIntFunction<AmiServer> count, int n, Duration timeout) {
        try {
            return server.await(count, n, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Closes every client socket at once, as a network loss would, and destroys every HTTP session (their
     * cookies get "Permission denied" on a new session, as after an expiry); the server keeps listening.
     */
    public void dropAllSessions() {
        server.dropAll();
    }

    /** Fault injection. */
    public Faults faults() {
        return faults;
    }

    /** Stops listening and drops every session; connects are refused until {@link #restart()}. */
    public void stop() {
        server.stop();
    }

    /**
     * An Asterisk restart as clients see it: every session dropped and the listener closed (if running), then
     * listening again on the same port. Accounts, scripted outputs and the call engine are kept.
     */
    public void restart() {
        server.stop();
        server.start();
    }

    /** Whether the server is listening. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** The call engine, if one was configured. */
    public Optional<CallEngine> callEngine() {
        return Optional.ofNullable(server.engine());
    }

    /** In replay mode: requests whose action name differed from the recording, oldest first. */
    public List<String> replayMismatches() {
        return server.replayMismatches();
    }

    /** Between tests: faults cleared, listening again if stopped, unread actions dropped. */
    void reset() {
        faults.clear();
        if (!server.isRunning()) {
            server.start();
        }
        while (takeAction(Duration.ZERO) != null) {
            // drain
        }
    }

    /** Stops the server and closes the call engine. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "FakeAsterisk[" + host() + ":" + port() + (isRunning() ? "" : ", stopped") + "]";
    }

    /**
     * Configures a {@link FakeAsterisk}. Not thread-safe; {@link #start()} may be called more than once, each
     * call starting a new, independent server.
     */
    public static final class Builder {
        private final List<Account> accounts = new ArrayList<>();
        private final Map<String, List<String>> commandOutputs = new LinkedHashMap<>();
        private Duration loginDelay = DEFAULT_LOGIN_DELAY;
        private int port;
        private Function<Consumer<Packet>, CallEngine> engineFactory = Defaults.CALL_ENGINE;
        private Transcript replay;
        private boolean http;
        private int httpPort;
        private String httpPrefix = "";
        private Duration httpTimeout = DEFAULT_HTTP_TIMEOUT;
        private javax.net.ssl.SSLContext tls;

        private Builder() {
        }

        /**
         * Also serves AMI over HTTP ({@code <prefix>/rawman}, GET or POST, {@code mansession_id} cookies,
         * {@code WaitEvent}) on {@link FakeAsterisk#httpPort()}, as Asterisk does with {@code webenabled = yes}.
         * Not available in replay mode. WaitEvent requests are not recorded for {@link FakeAsterisk#takeAction}.
         */
        public Builder http(boolean enabled) {
            this.http = enabled;
            return this;
        }

        /**
         * Speaks TLS on the AMI port with the key and certificate of {@code serverContext} (AMI over TLS starts
         * the handshake right after TCP connect, then the protocol is unchanged).
         */
        public Builder tls(javax.net.ssl.SSLContext serverContext) {
            this.tls = java.util.Objects.requireNonNull(serverContext, "serverContext");
            return this;
        }

        /** The HTTP port; 0 (the default) picks a free one. */
        public Builder httpPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.httpPort = port;
            return this;
        }

        /** http.conf's {@code prefix}: the raw manager is served at {@code /<prefix>/rawman} (default: none). */
        public Builder httpPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            String p = prefix.replaceAll("^/+|/+$", "");
            if (p.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
                throw new IllegalArgumentException("invalid HTTP prefix: " + prefix);
            }
            this.httpPrefix = p.isEmpty() ? "" : "/" + p;
            return this;
        }

        /**
         * manager.conf's {@code httptimeout} (default 60 s): an HTTP session expires this long after its last
         * request; it also caps WaitEvent at the expiry minus 10 s. Whole seconds in Asterisk; any positive
         * duration here, for tests.
         */
        public Builder httpTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("httpTimeout must be positive: " + timeout);
            }
            this.httpTimeout = timeout;
            return this;
        }

        /**
         * Adds a manager user, as a manager.conf section would. {@code read} and {@code write} are class lists
         * parsed with Asterisk's rules ({@code "all"}, {@code "call,system"}, {@code ""} for none;
         * case-sensitive, no spaces). Once any account is added, the default admin account is not created.
         */
        public Builder account(String username, String secret, String read, String write) {
            accounts.add(new Account(username, secret, read, write));
            return this;
        }

        /**
         * Uses a call engine for the actions it lists; {@code factory} receives the sink for the events the
         * engine raises (they are broadcast like {@link FakeAsterisk#pushEvent}) and is called once, at start.
         */
        public Builder callEngine(Function<Consumer<Packet>, CallEngine> factory) {
            this.engineFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** No call engine: call-related actions get "Invalid/unknown command" (after the permission check). */
        public Builder noCallEngine() {
            this.engineFactory = null;
            return this;
        }

        /** What {@code Action: Command} prints for this CLI command (blank runs and case ignored). */
        public Builder commandOutput(String command, List<String> lines) {
            Objects.requireNonNull(command, "command");
            for (String line : lines) {
                if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("output lines must not contain CR or LF: " + line);
                }
            }
            commandOutputs.put(ServerConfig.normalizeCommand(command), List.copyOf(lines));
            return this;
        }

        /** Wait before "Authentication failed" (Asterisk: 1 s). Tests usually want {@link Duration#ZERO}. */
        public Builder loginDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative login delay: " + delay);
            }
            this.loginDelay = delay;
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Replay mode: every client gets the recorded server bytes {@code recv} (banner first) in step with its
         * own requests, instead of the live server. For the k-th request it receives the k-th recorded
         * response and everything recorded after it up to the next response (list items, events), with the
         * recorded ActionIDs (those in {@code sent}, the recorded requests) replaced by the ones it sent.
         * After the last recorded response the connection closes. Requests are not interpreted.
         */
        public Builder replay(byte[] recv, byte[] sent) {
            this.replay = Transcript.parse(recv, sent);
            return this;
        }

        /** Replay mode with a golden recording from the {@code switchboard-transcripts} class-path resources. */
        public Builder replayTranscript(String name) {
            return replay(resource(name + ".recv"), resource(name + ".sent"));
        }

        private static byte[] resource(String name) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = FakeAsterisk.class.getClassLoader();
            }
            try (InputStream in = loader.getResourceAsStream(TRANSCRIPTS + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("no transcript " + TRANSCRIPTS + name
                            + " on the class path (add the io.switchboard:switchboard-transcripts test dependency)");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts the server; it listens when this returns. */
        public FakeAsterisk start() {
            List<Account> users = accounts.isEmpty()
                    ? List.of(new Account(DEFAULT_USERNAME, DEFAULT_SECRET, "all", "all")) : accounts;
            AmiServer server = new AmiServer(
                    new ServerConfig(users, commandOutputs, loginDelay, port, engineFactory, replay));
            try {
                if (http) {
                    server.enableHttp(httpPrefix, httpTimeout, httpPort);
                }
                if (tls != null) {
                    server.enableTls(tls);
                }
                server.start();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return new FakeAsterisk(server);
        }
    }
}
