package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import io.switchboard.ami.AmiMetrics;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.AmiTransport;
import io.switchboard.ami.AuthType;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionListener;
import io.switchboard.ami.ConnectionLostException.Outcome;
import io.switchboard.ami.ConnectionLostException;
import io.switchboard.ami.ConnectionState;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Response;
import io.switchboard.ami.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static io.switchboard.ami.internal.ActionDispatcher.join;

/**
 * The AMI client: the {@link AmiClient} facade over its parts, and the reader's callback that routes every
 * packet to a pending action or the event bus.
 *
 * <p>Two lanes: the reader thread completes pending actions directly (response lane) and hands every other
 * event to the bus, whose subscriptions deliver on pool threads (event lane). Futures given to callers are
 * completed on pool threads too, so nothing a caller does can stall the reader.
 *
 * <p>While the connection is down, user actions wait in a bounded hold queue until it is restored or their
 * deadline passes. When a connection is lost, actions that were written and are safe to resend are held again;
 * the others fail with {@link Outcome#UNKNOWN}; actions never written keep waiting.
 *
 * <p>Sending (ActionIDs, deadlines, writing or holding, settling actions on a loss) is the
 * {@link ActionDispatcher}'s, {@link Keepalive} drops half-open connections, and {@link ClientState} is what
 * they share with this class under one lock. This class keeps the connection's life (login, reconnect, logoff).
 */
public final class DefaultAmiClient implements AmiClient, Transport.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAmiClient.class);

    private final AmiConfig config;
    private final String where;
    private final ClientExecutors executors;
    private final EventBus bus;
    private final ActionDispatcher dispatcher;
    private final ClientState state;
    private final Keepalive keepalive;
    /** The dispatcher's registry, held here so the reader's lookup per packet is a plain field access. */
    private final PendingRegistry pending;

    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    /** Filter actions the user added, re-applied after every reconnect. */
    private final List<Action> filters = new CopyOnWriteArrayList<>();
    private volatile String eventMask;
    private volatile String banner = "";

    /** Packets read so far, over all connections; written only by the (one at a time) delivery thread. */
    private long received;

    private DefaultAmiClient(AmiConfig config) {
        this.config = config;
        this.where = config.host() + ":" + config.port();
        this.executors = new ClientExecutors(where);
        this.bus = new EventBus(executors.worker());
        this.dispatcher = new ActionDispatcher(config, where, executors);
        this.state = dispatcher.state();
        this.pending = dispatcher.pending();
        if (config.connectionListener() != null) {
            connectionListeners.add(config.connectionListener());
        }
        this.keepalive = new Keepalive(config, where, executors, dispatcher);
        dispatcher.startDeadlineSweep();
    }

    /** Runs the setup hook, connects and logs in, or throws and leaves nothing running. */
    public static AmiClient open(AmiConfig config, Consumer<AmiClient> beforeLogin) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(beforeLogin, "beforeLogin");
        DefaultAmiClient client = new DefaultAmiClient(config);
        ClientState.Drained held;
        try {
            beforeLogin.accept(client);
            held = client.establish();
        } catch (RuntimeException e) {
            client.shutdown(e);
            throw e;
        }
        client.publish(ConnectionEvent.Type.CONNECTED, null, null, 0);
        client.dispatcher.release(held);
        client.keepalive.start();
        return client;
    }

    // ---- establishing a session -------------------------------------------------------------------------

    /** A new session over the configured transport. */
    private Transport newTransport() {
        return config.transport() == AmiTransport.HTTP ? new HttpTransport(config, this)
                : new Connection(config, this, executors.writer());
    }

    /**
     * Opens a connection, logs in and re-applies mask and filters. Returns the actions held meanwhile, for
     * {@link ActionDispatcher#release} once listeners have heard about the new connection.
     */
    private ClientState.Drained establish() {
        Transport c = newTransport();
        state.connecting(c);
        try {
            c.open();
        } catch (IOException e) {
            c.close();
            throw new ConnectionLostException("cannot connect to " + where + ": " + e.getMessage(), Outcome.NOT_SENT,
                    e);
        }
        try {
            banner = c.banner().get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            state.authenticating();
            login(c);
            reapplySession(c);
        } catch (TimeoutException e) {
            c.close();
            throw new AmiTimeoutException("no AMI banner from " + where + " within " + config.connectTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new AmiException("interrupted while connecting", e);
        } catch (ExecutionException e) {
            c.close();
            throw new ConnectionLostException("connection to " + where + " ended before the banner: "
                    + e.getCause().getMessage(), Outcome.NOT_SENT, e.getCause());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        ClientState.Drained release = state.ready(c);
        if (release == null) {
            c.close();
            throw new ConnectionLostException("connection to " + where + " ended during login", Outcome.NOT_SENT);
        }
        LOG.info("Logged in to {} as {} ({})", where, config.username(), banner);
        return release;
    }

    private void login(Transport c) {
        Action login = Action.named("Login").header("Username", config.username());
        if (config.authType() == AuthType.MD5) {
            Response challenge = dispatcher.sendInternal(c, Action.named("Challenge").header("AuthType", "MD5"));
            String text = challenge.get("Challenge");
            if (text == null) {
                throw new AuthenticationException("server " + where + " sent no MD5 challenge");
            }
            login = login.header("AuthType", "MD5").header("Key", Md5.hex(text + nullToEmpty(config.secret())));
        } else {
            login = login.header("Secret", nullToEmpty(config.secret()));
        }
        if (config.events() != null) {
            login = login.header("Events", config.events());
        }
        try {
            dispatcher.sendInternal(c, login);
        } catch (ActionFailedException e) {
            // Not logged here: the first connect throws it to the caller, a reconnect logs and publishes it.
            throw new AuthenticationException("login as '" + config.username() + "' refused by " + where + ": "
                    + e.response().message());
        }
    }

    /** After a reconnect: the event mask and filters the user set on the previous session. */
    private void reapplySession(Transport c) {
        String mask = eventMask;
        if (mask != null) {
            reapply(c, Action.named("Events").header("EventMask", mask));
        }
        for (Action filter : filters) {
            reapply(c, filter);
        }
    }

    /** A refused re-apply is logged, not fatal: the session works, with what the server accepted. */
    private void reapply(Transport c, Action action) {
        try {
            dispatcher.sendInternal(c, action);
        } catch (ActionFailedException e) {
            LOG.warn("Re-applying {} after reconnect to {} was refused: {}", action, where,
                    e.response().message());
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // ---- the end of a connection ------------------------------------------------------------------------

    @Override
    public void onClosed(Transport c, Throwable cause) {
        if (state.isLoggingOff() && c == state.connection()) {
            // After the user's Logoff the server hangs up: that is the end of this client, not a loss (also when
            // the Logoff waited out an outage and went out on a later connection).
            dispatcher.failHousekeeping(c, cause);
            executors.worker().execute(this::close);
            return;
        }
        boolean wasReady = state.lost(c, cause);
        dispatcher.failHousekeeping(c, cause);
        if (!wasReady) {
            // A discarded connection, a close we asked for, or a connection that never got ready: establish()
            // reports that failure itself.
            return;
        }
        LOG.warn("Connection to {} lost: {}", where, cause.getMessage());
        publish(ConnectionEvent.Type.LOST, cause, null, 0);
        if (config.reconnect()) {
            dispatcher.settleInFlight(c, cause);
            scheduleReconnect(1);
        } else {
            giveUp(cause);
            dispatcher.failUnsent(c.drainUnwritten(), "connection lost", cause);
            dispatcher.failPending("connection lost", cause);
        }
    }

    private void scheduleReconnect(int attempt) {
        if (config.maxReconnectAttempts() > 0 && attempt > config.maxReconnectAttempts()) {
            giveUp(new ConnectionLostException("gave up reconnecting to " + where + " after "
                    + config.maxReconnectAttempts() + " attempts", Outcome.NOT_SENT));
            return;
        }
        Duration delay = config.backoff().delay(attempt);
        if (!state.reconnecting()) {
            return;
        }
        LOG.info("Reconnecting to {} in {} ms (attempt {})", where, delay.toMillis(), attempt);
        try {
            executors.timer().schedule(() -> executors.worker().execute(() -> reconnect(attempt)),
                    delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Client shut down; no reconnect");
        }
    }

    private void reconnect(int attempt) {
        if (state.isClosing()) {
            return;
        }
        publish(ConnectionEvent.Type.RECONNECTING, null, null, attempt);
        ClientState.Drained held;
        try {
            held = establish();
        } catch (AuthenticationException e) {
            LOG.warn("Reconnect attempt {}: {}", attempt, e.getMessage());
            publish(ConnectionEvent.Type.LOGIN_FAILED, e, null, attempt);
            scheduleReconnect(attempt + 1);
            return;
        } catch (RuntimeException e) {
            LOG.info("Reconnect attempt {} to {} failed: {}", attempt, where, e.getMessage());
            scheduleReconnect(attempt + 1);
            return;
        }
        Instant gapStart = state.lostAt();
        // Listeners hear of the gap before any action held during it completes.
        publish(ConnectionEvent.Type.RESTORED, null, gapStart, attempt);
        dispatcher.release(held);
    }

    /** No more reconnects: everything waiting fails as never sent. */
    private void giveUp(Throwable cause) {
        dispatcher.failUnsent(state.giveUp(), "not connected", cause);
        LOG.warn("Not reconnecting to {}: {}", where, cause.getMessage());
    }

    // ---- closing and telling listeners ------------------------------------------------------------------

    /** Logs off from a ready connection and waits (at most the close timeout) for the server's Goodbye. */
    private void logoff(Transport c) {
        try {
            c.expectClose();
            PendingAction logoff = dispatcher.registerInternal(c,
                    Action.named("Logoff").timeout(config.closeTimeout()));
            c.write(logoff);
            logoff.result.get(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("No Goodbye from {}: {}", where, e.toString());
        }
    }

    /** Tells the metrics and every connection listener; a throwing listener is logged and the others still hear. */
    private void publish(ConnectionEvent.Type type, Throwable cause, Instant gapStart, int attempt) {
        ConnectionEvent event = new ConnectionEvent(type, Instant.now(), cause, gapStart, attempt);
        config.metrics().connectionEvent(event);
        for (ConnectionListener l : connectionListeners) {
            try {
                l.onConnectionEvent(event);
            } catch (RuntimeException e) {
                LOG.error("Connection listener threw on {}", type, e);
            }
        }
    }
    // ---- sending ---------------------------------------------------------------------------------------

    @Override
    public Response send(Action action) {
        return join(dispatcher.submit(action, null, false).result).response();
    }

    @Override
    public CompletableFuture<Response> sendAsync(Action action) {
        return dispatcher.submit(action, null, true).result.thenApplyAsync(EventList::response,
                executors.completions());
    }

    @Override
    public EventList sendList(Action action) {
        return join(dispatcher.submit(action, null, false).result);
    }

    @Override
    public CompletableFuture<EventList> sendListAsync(Action action) {
        return dispatcher.submit(action, null, true).result.thenApplyAsync(l -> l, executors.completions());
    }

    @Override
    public CompletableFuture<Event> sendAndAwaitEvent(Action action, String eventName) {
        Objects.requireNonNull(eventName, "eventName");
        PendingAction p = dispatcher.submit(action, eventName, true);
        return p.awaited.thenApplyAsync(e -> e, executors.completions());
    }

    @Override
    public List<String> command(String cliCommand) {
        return send(Action.named("Command").header("Command", cliCommand)).output();
    }

    @Override
    public Response setEventMask(String mask) {
        Response r = send(Action.named("Events").header("EventMask", mask));
        eventMask = mask;
        return r;
    }

    @Override
    public Response addFilter(String filter, String matchCriteria) {
        Action action = Action.named("Filter").header("Operation", "Add").header("Filter", filter);
        if (matchCriteria != null) {
            action = action.header("MatchCriteria", matchCriteria);
        }
        Response r = send(action);
        filters.add(action);
        return r;
    }

    // ---- events ----------------------------------------------------------------------------------------

    @Override
    public Subscription on(String eventName, EventListener listener) {
        Objects.requireNonNull(eventName, "eventName");
        return on(List.of(eventName), listener);
    }

    @Override
    public Subscription on(Collection<String> eventNames, EventListener listener) {
        String[] names = eventNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
        Predicate<Event> filter = e -> {
            for (String n : names) {
                if (e.is(n)) {
                    return true;
                }
            }
            return false;
        };
        Objects.requireNonNull(listener, "listener");
        state.checkOpen();
        return bus.subscribe(names, filter, listener, config.eventQueueCapacity(), config.overflowPolicy());
    }

    @Override
    public Subscription on(Predicate<Event> filter, EventListener listener) {
        return subscribe(filter, listener, config.eventQueueCapacity(), config.overflowPolicy());
    }

    @Override
    public Subscription onAny(EventListener listener) {
        return on(e -> true, listener);
    }

    @Override
    public Subscription subscribe(Predicate<Event> filter, EventListener listener, int queueCapacity,
                                  OverflowPolicy overflowPolicy) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive");
        }
        state.checkOpen();
        return bus.subscribe(filter, listener, queueCapacity, overflowPolicy);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        connectionListeners.remove(listener);
    }

    // ---- reader callback (reader thread) ---------------------------------------------------------------

    @Override
    public void onPacket(Packet packet) {
        long sequence = ++received;
        // Most packets of a busy server are events with no action waiting: skip the header scan for them.
        String id = pending.isEmpty() ? null : packet.actionId();
        if (id != null) {
            PendingAction p = pending.get(id);
            if (p != null) {
                boolean consumed = p.accept(packet, sequence);
                if (p.isDone()) {
                    pending.remove(p);
                }
                if (consumed) {
                    return;
                }
            }
        }
        switch (packet.kind()) {
            case EVENT:
                if (config.metrics() != AmiMetrics.NONE) {
                    config.metrics().eventReceived(packet.name());
                }
                bus.publish(packet, sequence);
                break;
            case RESPONSE:
                LOG.debug("Response without a pending action (late, or no ActionID): {}", packet);
                break;
            default:
                LOG.warn("Ignoring a packet that is neither event nor response: {}", packet);
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    @Override
    public String banner() {
        return banner;
    }

    @Override
    public String amiVersion() {
        String b = banner;
        int slash = b.lastIndexOf('/');
        return slash < 0 ? "" : b.substring(slash + 1).trim();
    }

    @Override
    public ConnectionState state() {
        return state.state();
    }

    @Override
    public AmiConfig config() {
        return config;
    }

    @Override
    public void close() {
        ClientState.Closing closing = state.startClosing();
        if (closing == null) {
            return;
        }
        if (closing.ready() != null) {
            logoff(closing.ready());
        }
        shutdown(null);
        publish(ConnectionEvent.Type.CLOSED, null, null, 0);
    }

    private void shutdown(Throwable reason) {
        ClientState.Drained closed = state.shutdown();
        Transport c = closed.transport();
        List<PendingAction> waiting = new ArrayList<>(closed.actions());
        keepalive.stop();
        if (c != null) {
            c.close();
            waiting.addAll(c.drainUnwritten());
        }
        dispatcher.failUnsent(waiting, "client closed", reason);
        dispatcher.failPending("client closed", reason);
        if (c != null) {
            try {
                c.awaitStopped(config.closeTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!executors.isWorkerThread()) { // a listener closing the client must not wait for itself
            try {
                bus.drain(config.closeTimeout().toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int discarded = bus.closeAll();
        if (discarded > 0) {
            LOG.warn("Closed with {} event(s) still queued for slow listeners after waiting {}; they were discarded",
                    discarded, config.closeTimeout());
        }
        executors.shutdown();
    }

    @Override
    public String toString() {
        return "AmiClient{" + config.username() + "@" + where + ", " + state() + "}";
    }
}
