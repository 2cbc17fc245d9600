package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;
import io.switchboard.testkit.pbx.CallEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * The listening side of FakeAsterisk: accepts loopback connections, runs one {@link Connection} per client,
 * fans broadcast events out to them, and can be stopped and started again on the same port (an Asterisk
 * restart as clients see it). Thread-safe.
 */
public final class AmiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmiServer.class);
    /** Most unconsumed actions kept for {@link #takeAction}; older ones are dropped (a long-running main). */
    private static final int ACTION_HISTORY = 100_000;

    private final ServerConfig config;
    private final FaultState faults = new FaultState();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionNumbers = new AtomicLong();
    private final ArrayDeque<Packet> actions = new ArrayDeque<>();
    private final Object sessionsChanged = new Object();
    private final Instant startedAt = Instant.now();
    private final CallEngine engine;
    private final List<String> replayMismatches = new CopyOnWriteArrayList<>();

    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ServerSocket listener;
    private volatile javax.net.ssl.SSLContext tls;
    /** The HTTP manager, when enabled; started and stopped with the TCP listener. */
    private volatile HttpAmi http;
    private volatile int port;
    private Thread acceptThread;

    /** Builds the server and its call engine; nothing listens until {@link #start()}. */
    public AmiServer(ServerConfig config) {
        this.config = config;
        this.port = config.port();
        this.engine = config.engineFactory() == null ? null
                : config.engineFactory().apply(packet -> broadcast(ServerEvent.of(packet)));
    }

    /**
     * Also serves the HTTP manager ({@code prefix/rawman}) on {@code httpPort} (0 = a free one) from the next
     * {@link #start()}; sessions expire {@code httpTimeout} after their last request.
     */
    public synchronized void enableHttp(String prefix, Duration httpTimeout, int httpPort) {
        if (config.replay() != null) {
            throw new IllegalStateException("the HTTP manager is not available in replay mode");
        }
        if (http == null) {
            http = new HttpAmi(this, prefix, httpTimeout, httpPort);
        }
    }

    /** The HTTP manager's port (also while stopped); -1 when HTTP is not enabled. */
    public int httpPort() {
        HttpAmi h = http;
        return h == null ? -1 : h.port();
    }

    /** Binds 127.0.0.1 on the configured port (or the previous one, after a stop) and accepts clients. */
    public synchronized void start() {
        if (closed.get()) {
            throw new IllegalStateException("FakeAsterisk is closed");
        }
        if (listener != null) {
            return;
        }
        try {
            // With TLS every accepted socket is an SSLSocket; the handshake runs on the session's first I/O.
            ServerSocket socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
            socket.setReuseAddress(true);  // rebind at once after a restart, despite TIME_WAIT sockets
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            port = socket.getLocalPort();
            listener = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("FakeAsterisk cannot listen on 127.0.0.1:" + port, e);
        }
        if (http != null) {
            try {
                http.start();
            } catch (RuntimeException e) {
                try {
                    listener.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                listener = null;
                throw e;
            }
        }
        ServerSocket socket = listener;
        acceptThread = new Thread(() -> acceptLoop(socket), "fake-asterisk-accept-" + port);
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                client.setTcpNoDelay(true);  // Asterisk sets it too; it also makes split writes visible
                long number = sessionNumbers.incrementAndGet();
                Protocol protocol = config.replay() != null ? new ReplayProtocol(config.replay(), this)
                        : new LiveSession(this);
                Connection connection = new Connection(client, this, protocol, number);
                connections.add(connection);
                signalSessions();
                Thread thread = new Thread(connection::run, "fake-asterisk-session-" + number);
                thread.setDaemon(true);
                thread.start();
            } catch (SocketException e) {
                return;  // listener closed
            } catch (IOException e) {
                LOG.warn("accept failed", e);
            }
        }
    }

    /** Closes the listener and every session abruptly; {@link #start()} listens again on the same port. */
    public void stop() {
        Thread thread;
        synchronized (this) {
            ServerSocket socket = listener;
            listener = null;
            thread = acceptThread;
            acceptThread = null;
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    LOG.debug("closing listener: {}", e.toString());
                }
            }
        }
        HttpAmi h = http;
        if (h != null) {
            h.stop();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropAll();
    }

    /** Serves AMI over TLS (as Asterisk does on 5039 with tlsenable=yes) with this server key; before start(). */
    public void enableTls(javax.net.ssl.SSLContext context) {
        this.tls = context;
    }

    /** Stops the server and its call engine; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop();
        faults.clear();
        if (engine != null) {
            engine.close();
        }
    }

    /** Closes every client socket at once. */
    public void dropAll() {
        for (Connection c : List.copyOf(connections)) {
            c.close();
        }
        HttpAmi h = http;
        if (h != null) {
            h.destroyAll();
        }
    }

    /** Queues an event for every session; each session filters it when it writes it. */
    public void broadcast(ServerEvent event) {
        for (Connection c : connections) {
            c.offer(event);
        }
        HttpAmi h = http;
        if (h != null) {
            h.broadcast(event);
        }
    }

    void recordAction(Packet action) {
        synchronized (actions) {
            if (actions.size() >= ACTION_HISTORY) {
                actions.pollFirst();
            }
            actions.addLast(action);
            actions.notifyAll();
        }
    }

    /** The oldest action not yet taken, waiting up to {@code timeout}; null on timeout. */
    public Packet takeAction(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (actions) {
            while (actions.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(actions, left);
            }
            return actions.pollFirst();
        }
    }

    void sessionClosed(Connection connection) {
        connections.remove(connection);
        signalSessions();
    }

    void signalSessions() {
        synchronized (sessionsChanged) {
            sessionsChanged.notifyAll();
        }
    }

    /** Open connections, plus live HTTP sessions. */
    public int sessionCount() {
        HttpAmi h = http;
        return connections.size() + (h == null ? 0 : h.sessionCount());
    }

    /** Connections that have logged in, plus logged-in HTTP sessions. */
    public int loggedInCount() {
        HttpAmi h = http;
        return (int) connections.stream().filter(c -> c.protocol().loggedIn()).count()
                + (h == null ? 0 : h.loggedInCount());
    }

    /** A new session number (unique within the server), for HTTP sessions. */
    long nextSessionNumber() {
        return sessionNumbers.incrementAndGet();
    }

    /** Waits until {@code count} applied to this server equals {@code n}; false on timeout. */
    public boolean await(ToIntFunction<AmiServer> count, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (sessionsChanged) {
            while (count.applyAsInt(this) != n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Timed wait: a login changes the count without a connect/close signal.
                TimeUnit.NANOSECONDS.timedWait(sessionsChanged, Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
            }
            return true;
        }
    }

    /** Arms the close-after-bytes tripwire on every open session. */
    public void closeOpenSessionsAfter(long bytes) {
        for (Connection c : connections) {
            c.closeAfterBytes(bytes);
        }
    }

    /** Writes raw bytes into every open session's output, between packets. */
    public void inject(byte[] bytes) {
        for (Connection c : connections) {
            try {
                c.inject(bytes);
            } catch (IOException e) {
                c.close();
            }
        }
    }

    void replayMismatch(String text) {
        replayMismatches.add(text);
    }

    /** Requests that did not match the replayed recording, oldest first. */
    public List<String> replayMismatches() {
        return List.copyOf(replayMismatches);
    }

    /** The fault switches. */
    public FaultState faults() {
        return faults;
    }

    /** The configuration. */
    public ServerConfig config() {
        return config;
    }

    /** The call engine, or null. */
    public CallEngine engine() {
        return engine;
    }

    /** When the server was built (uptime and last reload are counted from here). */
    public Instant startedAt() {
        return startedAt;
    }

    /** The bound port (also while stopped: the port a restart will use). */
    public int port() {
        return port;
    }

    /** Whether the listener is open. */
    public boolean isRunning() {
        return listener != null;
    }
}
