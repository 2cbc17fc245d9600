package io.switchboard.gateway;

import io.javalin.Javalin;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Subscription;
import io.switchboard.gateway.internal.GatewayApp;
import io.switchboard.gateway.internal.GatewayEvents;
import io.switchboard.gateway.internal.Servers;
import io.switchboard.live.AsteriskServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The gateway service: one live model ({@link AsteriskServer}) per configured server and an HTTP server with
 * the REST API under {@code /api/v1} and the event WebSocket at {@code /api/v1/events}.
 *
 * <pre>{@code
 * try (Gateway gw = new Gateway(GatewayConfig.load(Path.of("switchboard.yml")))) {
 *     gw.start();
 *     System.out.println("listening on " + gw.port());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} connects every server (failing if one cannot be reached or refuses the login) and then
 * listens. Thread-safe; {@link #close()} is idempotent and closes everything it opened.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final List<AsteriskServer> opened = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private ExecutorService senders;
    private Javalin app;
    private boolean closed;

    /** A gateway for this configuration; nothing is opened until {@link #start()}. */
    public Gateway(GatewayConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Connects the servers and starts listening. */
    public synchronized Gateway start() {
        if (app != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        try {
            LinkedHashMap<String, AsteriskServer> models = new LinkedHashMap<>();
            for (ServerConfig s : config.servers()) {
                AsteriskServer model = AsteriskServer.connect(AmiConfig.builder().host(s.host()).port(s.port())
                        .username(s.username()).secret(s.resolveSecret()).build());
                opened.add(model);
                models.put(s.name(), model);
            }
            GatewayEvents events = new GatewayEvents(config.eventBuffer());
            models.forEach((name, model) -> subscriptions.add(events.follow(name, model.client())));
            senders = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "gateway-ws-send");
                t.setDaemon(true);
                return t;
            });
            app = GatewayApp.create(config, new Servers(models), events, senders);
            app.start(config.bindAddress(), config.port());
            LOG.info("gateway listening on {}:{} for servers {}", config.bindAddress(), app.port(), models.keySet());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The HTTP port (the actual one when configured as 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    /** Stops listening and closes every server connection. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (app != null) {
            app.stop();
        }
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        if (senders != null) {
            senders.shutdownNow();
        }
        for (AsteriskServer s : opened) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing a server model failed", e);
            }
        }
        opened.clear();
    }
}
