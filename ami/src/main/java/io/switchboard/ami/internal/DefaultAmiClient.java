package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.AuthType;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionListener;
import io.switchboard.ami.ConnectionLostException;
import io.switchboard.ami.ConnectionLostException.Outcome;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The AMI client: owns the current connection, the pending actions, the event bus and the connection's life
 * (login, keepalive, reconnect, logoff).
 *
 * <p>Two lanes: the reader thread completes pending actions directly (response lane) and hands every other
 * event to the bus, whose subscriptions deliver on pool threads (event lane). Futures given to callers are
 * completed on pool threads too, so nothing a caller does can stall the reader.
 *
 * <p>While the connection is down, user actions wait in a bounded hold queue until it is restored or their
 * deadline passes. When a connection is lost, actions that were written and are safe to resend are held again;
 * the others fail with {@link Outcome#UNKNOWN}; actions never written keep waiting.
 */
public final class DefaultAmiClient implements AmiClient, Transport.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAmiClient.class);
    private static final long DEADLINE_SWEEP_MILLIS = 10;

    private final AmiConfig config;
    private final String where;
    private final ActionIds ids;
    private final PendingRegistry pending = new PendingRegistry();
    private final ClientExecutors executors;
    private final EventBus bus;
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    /** Filter actions the user added, re-applied after every reconnect. */
    private final List<Action> filters = new CopyOnWriteArrayList<>();
    private volatile String eventMask;

    /** Guards state, connection and held together; never held while doing I/O or calling out. */
    private final Object lock = new Object();
    private ConnectionState state = ConnectionState.CONNECTING;
    private Transport connection;
    private final ArrayDeque<PendingAction> held = new ArrayDeque<>();
    private boolean closing;
    /** The user sent Logoff: the server's close that follows ends the client instead of starting a reconnect. */
    private volatile boolean loggingOff;
    /** No reconnect will come (disabled, or attempts exhausted): actions fail at once instead of waiting. */
    private boolean gaveUp;
    private Instant lostAt;

    private volatile String banner = "";
    /** Packets read so far, over all connections; written only by the (one at a time) delivery thread. */
    private long received;
    private ScheduledFuture<?> keepalive;
    private volatile boolean keepaliveInFlight;

    private DefaultAmiClient(AmiConfig config) {
        this.config = config;
        this.where = config.host() + ":" + config.port();
        this.ids = new ActionIds(config.actionIdPrefix());
        this.executors = new ClientExecutors(where);
        this.bus = new EventBus(executors.worker());
        if (config.connectionListener() != null) {
            connectionListeners.add(config.connectionListener());
        }
        executors.timer().scheduleWithFixedDelay(this::sweepDeadlines, DEADLINE_SWEEP_MILLIS, DEADLINE_SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Runs the setup hook, connects and logs in, or throws and leaves nothing running. */
    public static AmiClient open(AmiConfig config, java.util.function.Consumer<AmiClient> beforeLogin) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(beforeLogin, "beforeLogin");
        DefaultAmiClient client = new DefaultAmiClient(config);
        Released held;
        try {
            beforeLogin.accept(client);
            held = client.establish();
        } catch (RuntimeException e) {
            client.shutdown(e);
            throw e;
        }
        client.publish(ConnectionEvent.Type.CONNECTED, null, null, 0);
        client.release(held);
        client.startKeepalive();
        return client;
    }

    // ---- connection life -------------------------------------------------------------------------------

    /** A new session over the configured transport. */
    private Transport newTransport() {
        return config.transport() == io.switchboard.ami.AmiTransport.HTTP ? new HttpTransport(config, this)
                : new Connection(config, this, executors.writer());
    }

    /**
     * Opens a connection, logs in and re-applies mask and filters. Returns the actions held meanwhile, for
     * {@link #release} once listeners have heard about the new connection.
     */
    private Released establish() {
        Transport c = newTransport();
        synchronized (lock) {
            if (closing) {
                throw new IllegalStateException("client is closed");
            }
            state = ConnectionState.CONNECTING;
            connection = c;
        }
        try {
            c.open();
        } catch (IOException e) {
            c.close();
            throw new ConnectionLostException("cannot connect to " + where + ": " + e.getMessage(), Outcome.NOT_SENT,
                    e);
        }
        try {
            banner = c.banner().get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            setState(ConnectionState.AUTHENTICATING);
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
        List<PendingAction> release = null;
        synchronized (lock) {
            if (!closing && connection == c && c.isOpen()) {
                state = ConnectionState.READY;
                release = new ArrayList<>(held);
                held.clear();
            }
        }
        if (release == null) {
            c.close();
            throw new ConnectionLostException("connection to " + where + " ended during login", Outcome.NOT_SENT);
        }
        LOG.info("Logged in to {} as {} ({})", where, config.username(), banner);
        return new Released(c, release);
    }

    /** Actions held while the connection was down, and the connection that will carry them. */
    private record Released(Transport transport, List<PendingAction> actions) {
    }

    /** Writes the held actions, in the order they were held. */
    private void release(Released r) {
        for (PendingAction p : r.actions()) {
            if (!p.isSettled()) {
                if (p.resent) {
                    config.metrics().actionResent(p.action.name());
                }
                r.transport().write(p);
            }
        }
    }

    private void login(Transport c) {
        Action login = Action.named("Login").header("Username", config.username());
        if (config.authType() == AuthType.MD5) {
            Response challenge = internal(c, Action.named("Challenge").header("AuthType", "MD5"));
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
            internal(c, login);
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
            internal(c, action);
        } catch (ActionFailedException e) {
            LOG.warn("Re-applying {} after reconnect to {} was refused: {}", action, where,
                    e.response().message());
        }
    }

    /** Sends client housekeeping on one specific connection and waits for the answer. */
    private Response internal(Transport c, Action action) {
        PendingAction p = register(action, null, true);
        p.transport = c;
        c.write(p);
        return join(p.result).response();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private void setState(ConnectionState s) {
        synchronized (lock) {
            if (state != ConnectionState.CLOSED) {
                state = s;
            }
        }
    }

    @Override
    public void onClosed(Transport c, Throwable cause) {
        boolean wasReady;
        if (loggingOff && c == currentTransport()) {
            // After the user's Logoff the server hangs up: that is the end of this client, not a loss (also when
            // the Logoff waited out an outage and went out on a later connection).
            failInternal(c, cause);
            executors.worker().execute(this::close);
            return;
        }
        synchronized (lock) {
            if (c != connection || cause == null || closing) {
                failInternal(c, cause);
                return;
            }
            wasReady = state == ConnectionState.READY;
            state = ConnectionState.LOST;
            if (wasReady) {
                lostAt = Instant.now();
            }
        }
        failInternal(c, cause);
        if (!wasReady) {
            return; // a connection that never got ready: establish() reports the failure itself
        }
        LOG.warn("Connection to {} lost: {}", where, cause.getMessage());
        publish(ConnectionEvent.Type.LOST, cause, null, 0);
        if (config.reconnect()) {
            settleInFlight(c, cause);
            scheduleReconnect(1);
        } else {
            giveUp(cause);
            for (PendingAction p : c.drainUnwritten()) {
                lose(p, Outcome.NOT_SENT, "was not sent: connection lost", cause);
            }
            for (PendingAction p : pending.snapshot()) {
                lose(p, p.written ? Outcome.UNKNOWN : Outcome.NOT_SENT, "failed: connection lost", cause);
            }
        }
    }

    private Transport currentTransport() {
        synchronized (lock) {
            return connection;
        }
    }

    /**
     * Fails the housekeeping actions of a dead connection (e.g. a Login that will never be answered), and only
     * its own: a late report from a discarded connection must not fail the next attempt's Login.
     */
    private void failInternal(Transport c, Throwable cause) {
        String why = cause == null ? "connection closed" : cause.getMessage();
        for (PendingAction p : pending.snapshot()) {
            if (p.internal && p.transport == c && pending.remove(p)) {
                p.fail(new ConnectionLostException(p + " failed: " + why, p.written ? Outcome.UNKNOWN
                        : Outcome.NOT_SENT, cause));
            }
        }
    }

    /** Decides, for each action in flight on a lost connection, between holding it again and failing it. */
    private void settleInFlight(Transport c, Throwable cause) {
        List<PendingAction> requeue = new ArrayList<>(c.drainUnwritten());
        for (PendingAction p : pending.snapshot()) {
            if (!p.written || p.internal || p.isSettled()) {
                continue; // unwritten ones are in requeue or already held
            }
            if (p.awaitingEventOnly()) {
                lose(p, Outcome.UNKNOWN, "its answer came but the connection was lost before its "
                        + "follow-up event", cause);
            } else if (p.action.isResendable()) {
                p.resetForResend();
                requeue.add(p);
            } else {
                lose(p, Outcome.UNKNOWN, "was written but the connection was lost before its answer", cause);
            }
        }
        for (PendingAction p : requeue) {
            hold(p);
        }
    }

    private void lose(PendingAction p, Outcome outcome, String why, Throwable cause) {
        if (pending.remove(p)) {
            config.metrics().actionLost(p.action.name(), outcome);
            p.fail(new ConnectionLostException(p + " " + why + " (" + where + ": "
                    + (cause == null ? "closed" : cause.getMessage()) + ")", outcome, cause));
        }
    }

    private void scheduleReconnect(int attempt) {
        if (config.maxReconnectAttempts() > 0 && attempt > config.maxReconnectAttempts()) {
            giveUp(new ConnectionLostException("gave up reconnecting to " + where + " after "
                    + config.maxReconnectAttempts() + " attempts", Outcome.NOT_SENT));
            return;
        }
        Duration delay = config.backoff().delay(attempt);
        synchronized (lock) {
            if (closing) {
                return;
            }
            state = ConnectionState.RECONNECTING;
        }
        LOG.info("Reconnecting to {} in {} ms (attempt {})", where, delay.toMillis(), attempt);
        try {
            executors.timer().schedule(() -> executors.worker().execute(() -> reconnect(attempt)),
                    delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Client shut down; no reconnect");
        }
    }

    private void reconnect(int attempt) {
        synchronized (lock) {
            if (closing) {
                return;
            }
        }
        publish(ConnectionEvent.Type.RECONNECTING, null, null, attempt);
        Released held;
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
        Instant gapStart;
        synchronized (lock) {
            gapStart = lostAt;
        }
        // Listeners hear of the gap before any action held during it completes.
        publish(ConnectionEvent.Type.RESTORED, null, gapStart, attempt);
        release(held);
    }

    /** No more reconnects: everything waiting fails as never sent. */
    private void giveUp(Throwable cause) {
        List<PendingAction> waiting;
        synchronized (lock) {
            gaveUp = true;
            waiting = new ArrayList<>(held);
            held.clear();
            if (state != ConnectionState.CLOSED) {
                state = ConnectionState.LOST;
            }
        }
        for (PendingAction p : waiting) {
            lose(p, Outcome.NOT_SENT, "was not sent: not connected", cause);
        }
        LOG.warn("Not reconnecting to {}: {}", where, cause.getMessage());
    }

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

    // ---- keepalive -------------------------------------------------------------------------------------

    private void startKeepalive() {
        Duration interval = config.keepaliveInterval();
        if (interval == null) {
            return;
        }
        long period = Math.max(1, interval.toNanos() / 2);
        keepalive = executors.timer().scheduleWithFixedDelay(this::checkIdle, period, period, TimeUnit.NANOSECONDS);
    }

    /** Pings an idle connection; a Ping unanswered within the keepalive timeout means half-open: drop it. */
    private void checkIdle() {
        Transport c;
        synchronized (lock) {
            if (state != ConnectionState.READY || keepaliveInFlight) {
                return;
            }
            c = connection;
        }
        if (c.idleNanos() < config.keepaliveInterval().toNanos()) {
            return;
        }
        keepaliveInFlight = true;
        PendingAction ping = register(Action.named("Ping").timeout(config.keepaliveTimeout()), null, true);
        ping.transport = c;
        ping.result.whenComplete((r, e) -> {
            keepaliveInFlight = false;
            if (e instanceof AmiTimeoutException && c.idleNanos() >= config.keepaliveTimeout().toNanos()) {
                LOG.warn("No answer to keepalive Ping from {} within {}: connection is half-open, dropping it",
                        where, config.keepaliveTimeout());
                c.abort(new IOException("no answer to keepalive Ping within " + config.keepaliveTimeout()
                        + " (half-open connection)"));
            }
        });
        c.write(ping);
    }

    // ---- sending ---------------------------------------------------------------------------------------

    /** Registers an action with its deadline; does not write it. */
    private PendingAction register(Action action, String awaitedEvent, boolean internal) {
        Objects.requireNonNull(action, "action");
        String id = action.actionId().orElseGet(ids::next);
        Duration timeout = action.timeout().orElse(config.actionTimeout());
        PendingAction p = new PendingAction(action, id, awaitedEvent, internal, timeout);
        if (!pending.register(p)) {
            throw new IllegalArgumentException("ActionID " + id + " is already in use by a pending action");
        }
        if (config.metrics() != io.switchboard.ami.AmiMetrics.NONE) {
            p.result.whenComplete((r, e) -> {
                if (r != null || e instanceof ActionFailedException) {
                    config.metrics().actionCompleted(action.name(),
                            Duration.ofNanos(System.nanoTime() - p.submittedNanos), r != null);
                }
            });
        }
        return p;
    }

    /**
     * A user action: registered, then written (now, or soon by the writer thread when {@code async}) or held
     * until the connection is ready.
     */
    private PendingAction submit(Action action, String awaitedEvent, boolean async) {
        synchronized (lock) {
            if (closing) {
                throw new IllegalStateException("client is closed");
            }
        }
        PendingAction p = register(action, awaitedEvent, false);
        if (action.name().equalsIgnoreCase("Logoff")) {
            loggingOff = true;
            Transport c;
            synchronized (lock) {
                c = connection;
            }
            if (c != null) {
                c.expectClose();
            }
        }
        dispatch(p, async);
        return p;
    }

    private void dispatch(PendingAction p, boolean async) {
        Transport c;
        synchronized (lock) {
            if (state != ConnectionState.READY) {
                holdLocked(p);
                return;
            }
            c = connection;
        }
        if (async) {
            c.writeSoon(p);
        } else {
            c.write(p);
        }
        if (!c.isOpen()) {
            rescue(c);
        }
    }

    /** Moves actions stranded in a dead connection's queue to the current connection or the hold queue. */
    private void rescue(Transport dead) {
        for (PendingAction p : dead.drainUnwritten()) {
            Transport target = null;
            synchronized (lock) {
                if (state == ConnectionState.READY && connection != dead && connection.isOpen()) {
                    target = connection;
                } else {
                    holdLocked(p);
                }
            }
            if (target != null) {
                target.write(p);
            }
        }
    }

    private void hold(PendingAction p) {
        synchronized (lock) {
            holdLocked(p);
        }
    }

    private void holdLocked(PendingAction p) {
        if (closing || gaveUp) {
            failLater(p, Outcome.NOT_SENT, "was not sent: not connected to " + where);
            return;
        }
        held.removeIf(PendingAction::isSettled);
        if (held.size() >= config.maxHeldActions()) {
            failLater(p, Outcome.NOT_SENT, "was not sent: " + held.size() + " actions already wait for the "
                    + "connection to " + where);
            return;
        }
        held.addLast(p);
    }

    /** Fails an action outside the lock (completion runs callbacks). */
    private void failLater(PendingAction p, Outcome outcome, String why) {
        executors.worker().execute(() -> lose(p, outcome, why, null));
    }

    /**
     * Fails every action past its deadline. One sweep every few milliseconds instead of a timer task per action:
     * sending stays cheap, and no deadline is missed by more than the sweep period.
     */
    private void sweepDeadlines() {
        try {
            for (PendingAction p : pending.expired(System.nanoTime())) {
                expire(p, p.timeout);
            }
        } catch (RuntimeException e) {
            LOG.error("Deadline sweep failed", e); // never let the periodic task die
        }
    }

    private void expire(PendingAction p, Duration timeout) {
        if (!pending.remove(p)) {
            return;
        }
        boolean connected;
        synchronized (lock) {
            connected = state == ConnectionState.READY;
        }
        if (!p.written && !connected && !p.internal) {
            config.metrics().actionLost(p.action.name(), Outcome.NOT_SENT);
            p.fail(new ConnectionLostException(p + " was not sent: no connection to " + where + " within its "
                    + "deadline of " + timeout, Outcome.NOT_SENT));
            return;
        }
        config.metrics().actionTimedOut(p.action.name());
        p.fail(new AmiTimeoutException(p + " got no " + (p.result.isDone() ? "follow-up event" : "answer")
                + " within " + timeout + (p.written ? "" : " (it was never written)")));
    }

    private static <T> T join(CompletableFuture<T> future) {
        // A listener blocking here must not be stalled by its own full BLOCK queue (see EventSubscription).
        EventSubscription listening = future.isDone() ? null : EventSubscription.current();
        if (listening != null) {
            listening.clientCallStarted();
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw asAmi(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            throw new AmiException("cancelled", e);
        } finally {
            if (listening != null) {
                listening.clientCallEnded();
            }
        }
    }

    private static RuntimeException asAmi(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r; // AmiException subclasses keep their response/outcome
        }
        return new AmiException(String.valueOf(t), t);
    }

    @Override
    public Response send(Action action) {
        return join(submit(action, null, false).result).response();
    }

    @Override
    public CompletableFuture<Response> sendAsync(Action action) {
        return submit(action, null, true).result.thenApplyAsync(EventList::response, executors.completions());
    }

    @Override
    public EventList sendList(Action action) {
        return join(submit(action, null, false).result);
    }

    @Override
    public CompletableFuture<EventList> sendListAsync(Action action) {
        return submit(action, null, true).result.thenApplyAsync(l -> l, executors.completions());
    }

    @Override
    public CompletableFuture<Event> sendAndAwaitEvent(Action action, String eventName) {
        Objects.requireNonNull(eventName, "eventName");
        PendingAction p = submit(action, eventName, true);
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
        checkOpen();
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
        checkOpen();
        return bus.subscribe(filter, listener, queueCapacity, overflowPolicy);
    }

    private void checkOpen() {
        synchronized (lock) {
            if (closing) {
                throw new IllegalStateException("client is closed");
            }
        }
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
                if (config.metrics() != io.switchboard.ami.AmiMetrics.NONE) {
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
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public AmiConfig config() {
        return config;
    }

    @Override
    public void close() {
        Transport c;
        boolean ready;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            c = connection;
            ready = state == ConnectionState.READY && c != null && c.isOpen();
        }
        if (ready) {
            try {
                c.expectClose();
                PendingAction logoff = register(Action.named("Logoff").timeout(config.closeTimeout()), null, true);
                logoff.transport = c;
                c.write(logoff);
                logoff.result.get(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.debug("No Goodbye from {}: {}", where, e.toString());
            }
        }
        shutdown(null);
        publish(ConnectionEvent.Type.CLOSED, null, null, 0);
    }

    private void shutdown(Throwable reason) {
        Transport c;
        List<PendingAction> waiting;
        synchronized (lock) {
            closing = true;
            state = ConnectionState.CLOSED;
            c = connection;
            waiting = new ArrayList<>(held);
            held.clear();
        }
        if (keepalive != null) {
            keepalive.cancel(false);
        }
        if (c != null) {
            c.close();
            waiting.addAll(c.drainUnwritten());
        }
        for (PendingAction p : waiting) {
            lose(p, Outcome.NOT_SENT, "was not sent: client closed", reason);
        }
        for (PendingAction p : pending.snapshot()) {
            lose(p, p.written ? Outcome.UNKNOWN : Outcome.NOT_SENT, "failed: client closed", reason);
        }
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
