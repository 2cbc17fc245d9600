package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.AuthType;
import io.switchboard.ami.AuthenticationException;
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
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The AMI client: owns the connection, the pending actions and the event bus, and runs login and logoff.
 *
 * <p>Two lanes: the reader thread completes pending actions directly (response lane) and hands every other
 * event to the bus, whose subscriptions deliver on pool threads (event lane). Futures given to callers are
 * completed on pool threads too, so nothing a caller does can stall the reader.
 */
public final class DefaultAmiClient implements AmiClient, Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAmiClient.class);

    private final AmiConfig config;
    private final ActionIds ids;
    private final PendingRegistry pending = new PendingRegistry();
    private final ClientExecutors executors;
    private final EventBus bus;
    private final CompletableFuture<String> bannerFuture = new CompletableFuture<>();
    private volatile Connection connection;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile String banner = "";

    private DefaultAmiClient(AmiConfig config) {
        this.config = config;
        this.ids = new ActionIds(config.actionIdPrefix());
        this.executors = new ClientExecutors(config.host() + ":" + config.port());
        this.bus = new EventBus(executors.worker());
    }

    /** Connects and logs in, or throws and leaves nothing running. */
    public static AmiClient open(AmiConfig config) {
        Objects.requireNonNull(config, "config");
        DefaultAmiClient client = new DefaultAmiClient(config);
        try {
            client.connectAndLogin();
            return client;
        } catch (RuntimeException e) {
            client.shutdown(e instanceof AmiException ? e : new AmiException("connect failed", e));
            throw e;
        }
    }

    private void connectAndLogin() {
        state = ConnectionState.CONNECTING;
        Connection c = new Connection(config, this);
        connection = c;
        try {
            c.open();
        } catch (IOException e) {
            throw new ConnectionLostException("cannot connect to " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), Outcome.NOT_SENT, e);
        }
        awaitBanner();
        state = ConnectionState.AUTHENTICATING;
        login();
        state = ConnectionState.READY;
        LOG.info("Logged in to {}:{} as {} ({})", config.host(), config.port(), config.username(), banner);
    }

    private void awaitBanner() {
        try {
            bannerFuture.get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AmiTimeoutException("no AMI banner from " + config.host() + ":" + config.port() + " within "
                    + config.connectTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmiException("interrupted while connecting", e);
        } catch (ExecutionException e) {
            throw asAmi(e.getCause());
        }
    }

    private void login() {
        Action login = Action.named("Login").header("Username", config.username());
        if (config.authType() == AuthType.MD5) {
            Response challenge = awaitResponse(Action.named("Challenge").header("AuthType", "MD5"));
            String text = challenge.get("Challenge");
            if (text == null) {
                throw new AuthenticationException("server sent no MD5 challenge");
            }
            login = login.header("AuthType", "MD5").header("Key", Md5.hex(text + nullToEmpty(config.secret())));
        } else {
            login = login.header("Secret", nullToEmpty(config.secret()));
        }
        if (config.events() != null) {
            login = login.header("Events", config.events());
        }
        try {
            awaitResponse(login);
        } catch (ActionFailedException e) {
            String message = e.response().message();
            LOG.warn("Login to {}:{} as {} refused: {}", config.host(), config.port(), config.username(), message);
            throw new AuthenticationException("login as '" + config.username() + "' refused by " + config.host()
                    + ":" + config.port() + ": " + message);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // ---- sending ---------------------------------------------------------------------------------------

    private PendingAction submit(Action action, String awaitedEvent) {
        Objects.requireNonNull(action, "action");
        ConnectionState s = state;
        if (s == ConnectionState.CLOSED) {
            throw new IllegalStateException("client is closed");
        }
        String id = action.actionId().orElseGet(ids::next);
        PendingAction p = new PendingAction(action, id, awaitedEvent);
        if (!pending.register(p)) {
            throw new IllegalArgumentException("ActionID " + id + " is already in use by a pending action");
        }
        Duration timeout = action.timeout().orElse(config.actionTimeout());
        p.deadline = executors.timer().schedule(() -> expire(p, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
        Connection c = connection;
        if (c == null || !c.isOpen()) {
            pending.remove(p);
            p.fail(new ConnectionLostException(action.name() + " not sent: not connected", Outcome.NOT_SENT));
            return p;
        }
        c.write(p);
        return p;
    }

    private void expire(PendingAction p, Duration timeout) {
        if (pending.remove(p)) {
            p.fail(new AmiTimeoutException(p + " got no " + (p.result.isDone() ? "follow-up event" : "answer")
                    + " within " + timeout + (p.written ? "" : " (it was never written)")));
        }
    }

    /** Blocks for a response without hopping threads: the result future has no user callbacks attached. */
    private Response awaitResponse(Action action) {
        return join(submit(action, null).result).response();
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw asAmi(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            throw new AmiException("cancelled", e);
        }
    }

    private static RuntimeException asAmi(Throwable t) {
        if (t instanceof AmiException a) {
            // Rethrow a fresh copy? No: the original carries the response; keep it, the stack shows the origin.
            return a;
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new AmiException(String.valueOf(t), t);
    }

    @Override
    public Response send(Action action) {
        return awaitResponse(action);
    }

    @Override
    public CompletableFuture<Response> sendAsync(Action action) {
        return submit(action, null).result.thenApplyAsync(EventList::response, executors.worker());
    }

    @Override
    public EventList sendList(Action action) {
        return join(submit(action, null).result);
    }

    @Override
    public CompletableFuture<EventList> sendListAsync(Action action) {
        return submit(action, null).result.thenApplyAsync(l -> l, executors.worker());
    }

    @Override
    public CompletableFuture<Event> sendAndAwaitEvent(Action action, String eventName) {
        Objects.requireNonNull(eventName, "eventName");
        PendingAction p = submit(action, eventName);
        // An error response fails both futures; a success leaves the event future to the reader or the deadline.
        return p.awaited.thenApplyAsync(e -> e, executors.worker());
    }

    @Override
    public List<String> command(String cliCommand) {
        return send(Action.named("Command").header("Command", cliCommand)).output();
    }

    // ---- events ----------------------------------------------------------------------------------------

    @Override
    public Subscription on(String eventName, EventListener listener) {
        Objects.requireNonNull(eventName, "eventName");
        return subscribe(e -> e.is(eventName), listener, config.eventQueueCapacity(), config.overflowPolicy());
    }

    @Override
    public Subscription on(Collection<String> eventNames, EventListener listener) {
        Set<String> names = eventNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        String[] array = names.toArray(new String[0]);
        Predicate<Event> filter = e -> {
            for (String n : array) {
                if (e.is(n)) {
                    return true;
                }
            }
            return false;
        };
        return subscribe(filter, listener, config.eventQueueCapacity(), config.overflowPolicy());
    }

    @Override
    public Subscription on(Predicate<Event> filter, EventListener listener) {
        return subscribe(filter, listener, config.eventQueueCapacity(), config.overflowPolicy());
    }

    @Override
    public Subscription onAny(EventListener listener) {
        return subscribe(e -> true, listener, config.eventQueueCapacity(), config.overflowPolicy());
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
        if (state == ConnectionState.CLOSED) {
            throw new IllegalStateException("client is closed");
        }
        return bus.subscribe(filter, listener, queueCapacity, overflowPolicy);
    }

    // ---- reader callbacks (reader thread) --------------------------------------------------------------

    @Override
    public void onBanner(String line) {
        banner = line;
        bannerFuture.complete(line);
    }

    @Override
    public void onPacket(Packet packet) {
        if (!bannerFuture.isDone()) {
            bannerFuture.complete(""); // a server without banner: carry on
        }
        String id = packet.actionId();
        if (id != null) {
            PendingAction p = pending.get(id);
            if (p != null) {
                boolean consumed = p.accept(packet);
                if (p.isDone()) {
                    pending.remove(p);
                    p.cancelDeadline();
                }
                if (consumed) {
                    return;
                }
            }
        }
        switch (packet.kind()) {
            case EVENT:
                bus.publish(new Event(packet));
                break;
            case RESPONSE:
                LOG.debug("Response without a pending action (late, or no ActionID): {}", packet);
                break;
            default:
                LOG.warn("Ignoring a packet that is neither event nor response: {}", packet);
        }
    }

    @Override
    public void onClosed(Connection c, Throwable cause) {
        if (cause == null) {
            return; // our own close: close() fails what is left
        }
        LOG.warn("Connection to {}:{} lost: {}", config.host(), config.port(), cause.getMessage());
        if (!bannerFuture.isDone()) {
            bannerFuture.completeExceptionally(new ConnectionLostException("connection closed before the banner: "
                    + cause.getMessage(), Outcome.NOT_SENT, cause));
        }
        if (state != ConnectionState.CLOSED) {
            state = ConnectionState.LOST;
        }
        failAll(c, "connection to " + config.host() + ":" + config.port() + " lost: " + cause.getMessage(), cause);
    }

    private void failAll(Connection c, String why, Throwable cause) {
        for (PendingAction p : c.drainUnwritten()) {
            pending.remove(p);
            p.fail(new ConnectionLostException(p + " " + why, Outcome.NOT_SENT, cause));
        }
        for (PendingAction p : pending.removeAll()) {
            p.fail(new ConnectionLostException(p + " " + why, p.written ? Outcome.UNKNOWN : Outcome.NOT_SENT,
                    cause));
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    @Override
    public String banner() {
        return banner;
    }

    @Override
    public String amiVersion() {
        int slash = banner.lastIndexOf('/');
        return slash < 0 ? "" : banner.substring(slash + 1).trim();
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public AmiConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        Connection c = connection;
        if (state == ConnectionState.READY && c != null && c.isOpen()) {
            try {
                c.expectClose();
                PendingAction logoff = submit(Action.named("Logoff").timeout(config.closeTimeout()), null);
                logoff.result.get(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.debug("No Goodbye from {}:{}: {}", config.host(), config.port(), e.toString());
            }
        }
        shutdown(null);
    }

    private void shutdown(Throwable reason) {
        state = ConnectionState.CLOSED;
        Connection c = connection;
        if (c != null) {
            c.close();
            failAll(c, "failed: client closed", reason);
            try {
                c.awaitReader(config.closeTimeout().toMillis());
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
        bus.closeAll();
        executors.shutdown();
    }

    @Override
    public String toString() {
        return "AmiClient{" + config.username() + "@" + config.host() + ":" + config.port() + ", " + state + "}";
    }
}
