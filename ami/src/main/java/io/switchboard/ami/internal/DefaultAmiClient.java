package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiMetrics;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionListener;
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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * <p>The parts: {@link ActionDispatcher} sends (ActionIDs, deadlines, writing or holding, settling actions on a
 * loss), {@link SessionKeeper} keeps the connection alive (login, reconnect, connection events),
 * {@link Keepalive} drops half-open connections, and {@link ClientState} is what they share under one lock.
 */
public final class DefaultAmiClient implements AmiClient, Transport.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAmiClient.class);
    /** The most lanes a parallel subscription may have: each can hold a pool thread. */
    private static final int MAX_PARALLELISM = 1024;

    private final AmiConfig config;
    private final String where;
    private final ClientExecutors executors;
    private final EventBus bus;
    private final ActionDispatcher dispatcher;
    private final ClientState state;
    private final SessionKeeper session;
    private final Keepalive keepalive;
    /** The dispatcher's registry, held here so the reader's lookup per packet is a plain field access. */
    private final PendingRegistry pending;

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
        this.session = new SessionKeeper(config, where, executors, dispatcher, this);
        this.keepalive = new Keepalive(config, where, executors.timer(), dispatcher);
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
            held = client.session.establish();
        } catch (RuntimeException e) {
            client.shutdown(e);
            throw e;
        }
        client.session.publish(ConnectionEvent.Type.CONNECTED, null, null, 0);
        client.dispatcher.release(held);
        client.keepalive.start();
        return client;
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
        session.rememberEventMask(mask);
        return r;
    }

    @Override
    public Response addFilter(String filter, String matchCriteria) {
        Action action = Action.named("Filter").header("Operation", "Add").header("Filter", filter);
        if (matchCriteria != null) {
            action = action.header("MatchCriteria", matchCriteria);
        }
        Response r = send(action);
        session.rememberFilter(action);
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
        checkMailbox(listener, queueCapacity, overflowPolicy);
        state.checkOpen();
        return bus.subscribe(filter, listener, queueCapacity, overflowPolicy);
    }

    /** The arguments every subscription shares: a listener, a positive queue capacity, a policy. */
    private static void checkMailbox(EventListener listener, int queueCapacity, OverflowPolicy overflowPolicy) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive");
        }
    }

    @Override
    public Subscription subscribeParallel(Predicate<Event> filter, Function<? super Event, ?> orderKey,
                                          int parallelism, EventListener listener, int queueCapacity,
                                          OverflowPolicy overflowPolicy) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(orderKey, "orderKey");
        checkMailbox(listener, queueCapacity, overflowPolicy);
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + MAX_PARALLELISM + ": "
                    + parallelism);
        }
        state.checkOpen();
        return bus.subscribeKeyed(filter, orderKey, parallelism, listener, queueCapacity, overflowPolicy);
    }

    @Override
    public Subscription onChannel(Collection<String> channels, EventListener listener, int queueCapacity,
                                  OverflowPolicy overflowPolicy) {
        Objects.requireNonNull(channels, "channels");
        checkMailbox(listener, queueCapacity, overflowPolicy);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("channels must not be empty");
        }
        // Every name is checked before anything is registered; one named twice is filed once.
        String[] keys = channels.stream().map(ChannelNames::key).distinct().toArray(String[]::new);
        state.checkOpen();
        return bus.subscribeChannels(keys, listener, queueCapacity, overflowPolicy);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        session.listeners().add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        session.listeners().remove(listener);
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

    @Override
    public void onClosed(Transport transport, Throwable cause) {
        session.onClosed(transport, cause);
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    @Override
    public String banner() {
        return session.banner();
    }

    @Override
    public String amiVersion() {
        String b = session.banner();
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
            session.logoff(closing.ready());
        }
        shutdown(null);
        session.publish(ConnectionEvent.Type.CLOSED, null, null, 0);
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
