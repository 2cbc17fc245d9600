package io.switchboard.gateway;

import io.javalin.Javalin;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Subscription;
import io.switchboard.gateway.internal.GatewayApp;
import io.switchboard.gateway.internal.GatewayEvents;
import io.switchboard.gateway.internal.GatewayMetrics;
import io.switchboard.gateway.internal.KafkaFanout;
import io.switchboard.gateway.internal.MicrometerAmiMetrics;
import io.switchboard.gateway.internal.ServerHandle;
import io.switchboard.gateway.internal.Servers;
import io.switchboard.live.AsteriskServer;
import io.switchboard.recorder.CdrRecorder;
import io.switchboard.recorder.RecorderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway service: one live model ({@link AsteriskServer}) per configured server and an HTTP server with
 * the REST API under {@code /api/v1}, the event stream at {@code /api/v1/events} (WebSocket or SSE) and
 * Prometheus metrics at {@code /metrics}.
 *
 * <pre>{@code
 * try (Gateway gw = new Gateway(GatewayConfig.load(Path.of("switchboard.yml")))) {
 *     gw.start();
 *     System.out.println("listening on " + gw.port());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} listens at once and connects the servers in the background: a server that is down or
 * refuses the login shows as {@code CONNECTING}/{@code RECONNECTING} in {@code /servers} (and {@code /health}
 * says {@code degraded}) while the gateway keeps retrying with the AMI client's backoff. The servers connect in
 * parallel: one that hangs until its connect timeout delays no other. Thread-safe; {@link #close()} is
 * idempotent and closes everything it opened.
 *
 * <p>With a {@code recorder:} configured the gateway also runs the billing recorder ({@link #recorder()}):
 * started before anything listens (a database that cannot be reached at start fails {@link #start()}, because
 * {@link CdrRecorder} needs it for its schema and open-channel set), each server's client attached once, when
 * that server first connects (reconnects are the recorder's own business, through the client's connection
 * events), and closed after the servers.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** How long {@link #close()} waits for interrupted connect attempts to end. */
    private static final Duration CONNECT_STOP_WAIT = Duration.ofSeconds(10);

    private final GatewayConfig config;
    private final List<ServerHandle> handles = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final GatewayMetrics metrics = new GatewayMetrics();
    /** Per server name, the recorder's attachment of its client; a name is attached at most once. */
    private final Map<String, AutoCloseable> attachments = new LinkedHashMap<>();
    private CdrRecorder recorder;
    private ScheduledExecutorService connector;
    private ExecutorService senders;
    private ScheduledExecutorService heartbeats;
    private Javalin app;
    private KafkaFanout kafka;
    private boolean closed;

    /** A gateway for this configuration; nothing is opened until {@link #start()}. */
    public Gateway(GatewayConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Starts listening and starts connecting every server (see the class description). */
    public synchronized Gateway start() {
        if (app != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        try {
            config.recorder().ifPresent(rc -> recorder = startRecorder(rc));
            // What no retry can fix (an unset secret variable, an unreadable secret file or trust store) fails
            // start() now, instead of being retried in the background for ever.
            for (ServerConfig s : config.servers()) {
                s.resolveSecret();
                if (s.tls()) {
                    s.sslContext();
                }
            }
            GatewayEvents events = new GatewayEvents(config.servers().stream().map(ServerConfig::name).toList(),
                    config.eventBuffer());
            for (ServerConfig s : config.servers()) {
                MicrometerAmiMetrics amiMetrics = metrics.forServer(s.name());
                ServerHandle handle = new ServerHandle(s.name(), () -> amiConfig(s, amiMetrics),
                        model -> followed(s.name(), events, model), amiMetrics::connectFailed);
                handles.add(handle);
                metrics.bindServer(handle);
            }
            senders = Executors.newCachedThreadPool(daemon("gateway-event-send"));
            heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("gateway-event-heartbeat"));
            kafka = KafkaFanout.start(config, "switchboard-gateway"); // null without kafka: in the config
            if (kafka != null) {
                kafka.bindTo(metrics.registry());
                if (recorder != null) {
                    kafka.publishRecordsOf(recorder);
                }
            }
            if (recorder != null) {
                metrics.bindRecorder(recorder);
            }
            app = GatewayApp.create(config, new Servers(handles, kafka == null ? null : kafka::health), events,
                    senders, heartbeats, metrics, recorder);
            app.start(config.bindAddress(), config.port());
            // In parallel: servers connect one attempt each at a time, but never wait for each other.
            connector = ServerHandle.connectPool(handles.size());
            handles.forEach(h -> h.start(connector));
            LOG.info("gateway listening on {}:{} for servers {}", config.bindAddress(), app.port(),
                    handles.stream().map(ServerHandle::name).toList());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static CdrRecorder startRecorder(RecorderConfig rc) {
        try {
            CdrRecorder.Builder b = CdrRecorder.builder().jdbcUrl(rc.url()).spoolDirectory(rc.effectiveSpoolDir());
            String password = rc.resolvePassword();
            if (rc.user() != null || password != null) {
                b.credentials(rc.user(), password);
            }
            return b.start();
        } catch (RecorderException | IllegalArgumentException | IllegalStateException
                 | java.io.UncheckedIOException e) {
            // The recorder's own messages name the URL without its query string; the password is never in it.
            throw new IllegalStateException("recorder: cannot start on " + rc.redactedUrl() + ": " + e.getMessage(),
                    e);
        }
    }

    private static AmiConfig amiConfig(ServerConfig s, MicrometerAmiMetrics metrics) {
        AmiConfig.Builder b = AmiConfig.builder().host(s.host()).port(s.port()).username(s.username())
                .secret(s.resolveSecret()).metrics(metrics).hostnameVerification(s.hostnameVerification());
        if (s.tls()) {
            b.tls(s.sslContext());
        }
        if (s.connectTimeout() != null) {
            b.connectTimeout(s.connectTimeout());
        }
        return b.build();
    }

    /**
     * A server's first connect succeeded (called once per server; later reconnects are the client's own): feed
     * its events to the hubs and to the recorder.
     */
    private void followed(String name, GatewayEvents events, AsteriskServer model) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (kafka != null) {
                kafka.serverConnected(name, model.client());
            }
            Subscription sub = events.follow(name, model.client());
            subscriptions.add(sub);
            metrics.bindSubscription(name, "gateway-events", sub);
            if (recorder != null && !attachments.containsKey(name)) {
                attachments.put(name, recorder.attach(name, model.client()));
                LOG.info("recorder attached to server '{}'", name);
            }
        }
    }

    /** The billing recorder, when {@code recorder:} is configured and the gateway has started. */
    public synchronized Optional<CdrRecorder> recorder() {
        return Optional.ofNullable(recorder);
    }

    /** How many servers the recorder is attached to (tests: each server exactly once). */
    synchronized int recorderAttachments() {
        return attachments.size();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The HTTP port (the actual one when configured as 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    /**
     * Waits for the interrupted connect attempts to end, so that no connect thread (nor the socket it holds)
     * outlives the gateway; bounded, because an attempt stuck where an interrupt does not reach must not hang
     * the shutdown.
     */
    private static void awaitConnectThreads(ExecutorService connecting) {
        if (connecting == null) {
            return;
        }
        try {
            if (!connecting.awaitTermination(CONNECT_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("a server connect attempt did not stop within {} s", CONNECT_STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening, stops connecting, closes every server connection, then the recorder. Idempotent. */
    @Override
    public void close() {
        List<ServerHandle> toClose;
        List<AutoCloseable> detach;
        CdrRecorder rec;
        KafkaFanout publisher;
        ScheduledExecutorService connecting;
        synchronized (this) {
            publisher = kafka;
            connecting = connector;
            closed = true;
            if (app != null) {
                app.stop();
            }
            subscriptions.forEach(Subscription::close);
            subscriptions.clear();
            if (connector != null) {
                connector.shutdownNow();
            }
            if (heartbeats != null) {
                heartbeats.shutdownNow();
            }
            if (senders != null) {
                senders.shutdownNow();
            }
            toClose = List.copyOf(handles);
            handles.clear();
            detach = List.copyOf(attachments.values());
            attachments.clear();
            rec = recorder;
        }
        // Outside the lock: a connect finishing now calls followed(), which takes it.
        toClose.forEach(ServerHandle::close);
        awaitConnectThreads(connecting);
        // After the servers, so that every event they delivered is in the spool before the recorder stops.
        for (AutoCloseable a : detach) {
            try {
                a.close();
            } catch (Exception e) {
                LOG.warn("detaching the recorder failed", e);
            }
        }
        if (rec != null) {
            rec.close();
        }
        if (publisher != null) {
            publisher.close(); // after the servers and the recorder: what they delivered last is still published
        }
    }
}
