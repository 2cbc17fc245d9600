package io.switchboard.gateway.internal;

import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.ami.ConnectionState;
import io.switchboard.live.AsteriskServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One configured server and its live model once there is one. The AMI client only reconnects a connection it
 * once had, so the first connect is retried here (with the client's own backoff) until it succeeds: the gateway
 * starts and serves while a server is unreachable, and the server shows {@code CONNECTING}/{@code RECONNECTING}
 * meanwhile. After the first success the client's reconnect logic takes over.
 *
 * <p>Servers connect independently on a {@link #connectPool} shared by all of them: an attempt blocks its thread
 * until it succeeds or times out, so one server that hangs (a host that drops packets, a port that accepts but
 * never sends the AMI banner) must not hold up the others for its whole connect timeout.
 */
public final class ServerHandle {
    private static final Logger LOG = LoggerFactory.getLogger(ServerHandle.class);
    /**
     * First connects in progress at once at most; beyond this many servers, hanging ones can delay others. A thread
     * per server up to here: connect threads exist only until every server has connected once (then they idle
     * out), so even a large fleet costs its threads only at start and while some server is unreachable.
     */
    static final int MAX_CONNECT_THREADS = 256;
    /** How long a connect thread stays once no server needs it (all connected): they are not needed again. */
    private static final Duration CONNECT_THREAD_IDLE = Duration.ofMinutes(1);

    private final String name;
    private final Supplier<AmiConfig> config;
    private final Consumer<AsteriskServer> onConnected;
    private final Runnable onFailedAttempt;
    private volatile AsteriskServer model;
    private volatile int failedAttempts;
    private volatile boolean closed;

    /**
     * @param name        configured name
     * @param config      builds the AMI configuration (reads the secret) for each attempt
     * @param onConnected called once, on the connecting thread, with the new model
     * @param onFailedAttempt called after each failed first-connect attempt (for metrics)
     */
    public ServerHandle(String name, Supplier<AmiConfig> config, Consumer<AsteriskServer> onConnected,
                        Runnable onFailedAttempt) {
        this.name = name;
        this.config = config;
        this.onConnected = onConnected;
        this.onFailedAttempt = onFailedAttempt;
    }

    /** The configured name. */
    public String name() {
        return name;
    }

    /** The model, or null before the first successful connect. */
    public AsteriskServer model() {
        return model;
    }

    /** The client's state, or CONNECTING / RECONNECTING while the first connect has not succeeded. */
    public ConnectionState state() {
        AsteriskServer m = model;
        if (m != null) {
            return m.client().state();
        }
        if (closed) {
            return ConnectionState.CLOSED;
        }
        return failedAttempts == 0 ? ConnectionState.CONNECTING : ConnectionState.RECONNECTING;
    }

    /** Whether the model exists and is in step with the server. */
    public boolean isSynced() {
        AsteriskServer m = model;
        return m != null && m.isSynced();
    }

    /**
     * The timer to {@link #start} {@code servers} servers on: a thread per server (at most
     * {@link #MAX_CONNECT_THREADS}, named {@code gateway-connect-N}), each server having at most one attempt
     * pending or running, so no attempt waits for another server's. Idle threads end after a minute.
     */
    public static ScheduledExecutorService connectPool(int servers) {
        AtomicInteger created = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(
                Math.max(1, Math.min(servers, MAX_CONNECT_THREADS)), r -> {
                    Thread t = new Thread(r, "gateway-connect-" + created.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.setKeepAliveTime(CONNECT_THREAD_IDLE.toMillis(), TimeUnit.MILLISECONDS);
        pool.allowCoreThreadTimeOut(true);
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    /** Tries to connect now on {@code timer}'s thread, and again with backoff until it works or is closed. */
    public void start(ScheduledExecutorService timer) {
        schedule(timer, Duration.ZERO);
    }

    private void schedule(ScheduledExecutorService timer, Duration delay) {
        try {
            timer.schedule(() -> attempt(timer), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("gateway closing; no further connect attempt to {}", name);
        }
    }

    private void attempt(ScheduledExecutorService timer) {
        if (closed) {
            return;
        }
        AmiConfig c;
        AsteriskServer m;
        try {
            c = config.get();
            m = AsteriskServer.connect(c);
        } catch (RuntimeException e) {
            if (closed || Thread.currentThread().isInterrupted()) {
                // The gateway is closing and interrupted the attempt: not a failure to report.
                LOG.debug("connect attempt to server '{}' stopped: gateway closing", name);
                return;
            }
            int n = ++failedAttempts;
            onFailedAttempt.run();
            Duration delay = backoff(n);
            // A refused login will not fix itself quickly, but the password may be corrected: keep trying.
            String what = e instanceof AuthenticationException ? "refused the login" : "could not be connected";
            LOG.warn("server '{}' {} ({}); attempt {} failed, next in {} ms", name, what, e.getMessage(), n,
                    delay.toMillis());
            schedule(timer, delay);
            return;
        }
        synchronized (this) {
            if (closed) {
                m.close();
                return;
            }
            model = m;
        }
        LOG.info("server '{}' connected after {} failed attempt(s)", name, failedAttempts);
        onConnected.accept(m);
    }

    private Duration backoff(int attempt) {
        try {
            return config.get().backoff().delay(attempt);
        } catch (RuntimeException e) {
            return Duration.ofSeconds(5);
        }
    }

    /** Stops connecting and closes the model. Idempotent. */
    public void close() {
        AsteriskServer m;
        synchronized (this) {
            closed = true;
            m = model;
        }
        if (m != null) {
            try {
                m.close();
            } catch (RuntimeException e) {
                LOG.warn("closing server '{}' failed", name, e);
            }
        }
    }
}
