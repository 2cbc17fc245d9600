package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.ConnectionListener;
import io.switchboard.ami.ConnectionLostException;
import io.switchboard.ami.ConnectionLostException.Outcome;
import io.switchboard.ami.ConnectionState;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Response;
import io.switchboard.ami.Subscription;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The classic two-connection layout: actions travel on a session logged in with {@code Events: off}, so their
 * answers never queue behind an event burst in Asterisk's session thread; events arrive on a second session.
 * Each connection reconnects on its own. List items still come with their action (Asterisk sends them whatever
 * the mask); follow-up events such as {@code OriginateResponse} are broadcasts and come on the event connection,
 * where {@link #sendAndAwaitEvent} looks for them.
 */
public final class DualAmiClient implements AmiClient {
    private final AmiConfig config;
    private final AmiClient actions;
    private final AmiClient events;
    /** ActionIDs fixed before sending, so the event connection can watch for an action's follow-up event. */
    private final ActionIds watchedIds;
    /**
     * The follow-up events still awaited, each with its action's send. {@link #close()} fails them: a closed event
     * connection will never bring them, and waiting out the action's deadline would only delay the caller (the
     * single-connection client fails them at once as well).
     */
    private final Map<CompletableFuture<Event>, Awaited> awaiting = new ConcurrentHashMap<>();

    /** An awaited follow-up event: the action (for messages) and its send, which settles the outcome on close. */
    private record Awaited(String action, CompletableFuture<Response> sent) {
    }

    private DualAmiClient(AmiConfig config, AmiClient actions, AmiClient events) {
        this.config = config;
        this.actions = actions;
        this.events = events;
        String prefix = config.actionIdPrefix();
        this.watchedIds = new ActionIds(prefix == null ? null : shorten(prefix) + "w");
    }

    /** Opens the event connection first (so subscriptions made in {@code beforeLogin} miss nothing), then actions. */
    public static AmiClient open(AmiConfig config, Consumer<AmiClient> beforeLogin) {
        Objects.requireNonNull(config, "config");
        String prefix = config.actionIdPrefix();
        AmiConfig eventConfig = config.toBuilder().separateEventConnection(false)
                .actionIdPrefix(prefix == null ? null : shorten(prefix) + "e").build();
        AmiConfig actionConfig = config.toBuilder().separateEventConnection(false).events("off").build();
        DualAmiClient[] self = new DualAmiClient[1];
        AmiClient eventClient = DefaultAmiClient.open(eventConfig, c -> {
            // Subscriptions made by the caller's hook must land on the event connection.
            self[0] = new DualAmiClient(config, null, c);
            beforeLogin.accept(self[0]);
        });
        try {
            AmiClient actionClient = DefaultAmiClient.open(actionConfig, c -> { });
            return new DualAmiClient(config, actionClient, eventClient);
        } catch (RuntimeException e) {
            eventClient.close();
            throw e;
        }
    }

    private static String shorten(String prefix) {
        return prefix.length() >= 40 ? prefix.substring(0, 39) : prefix;
    }

    @Override
    public Response send(Action action) {
        return actions.send(action);
    }

    @Override
    public CompletableFuture<Response> sendAsync(Action action) {
        return actions.sendAsync(action);
    }

    @Override
    public EventList sendList(Action action) {
        return actions.sendList(action);
    }

    @Override
    public CompletableFuture<EventList> sendListAsync(Action action) {
        return actions.sendListAsync(action);
    }

    /**
     * Watches the event connection for {@code eventName} with this action's ActionID, then sends the action on
     * the action connection. The ActionID is fixed up front so the watch can match it.
     */
    @Override
    public CompletableFuture<Event> sendAndAwaitEvent(Action action, String eventName) {
        Objects.requireNonNull(eventName, "eventName");
        String id = action.actionId().orElseGet(watchedIds::next);
        Action tagged = action.actionId(id);
        CompletableFuture<Event> result = new CompletableFuture<>();
        Subscription watch = events.on(e -> e.is(eventName) && id.equals(e.actionId()), result::complete);
        long timeout = action.timeout().orElse(config.actionTimeout()).toMillis();
        CompletableFuture<Response> sent = actions.sendAsync(tagged);
        awaiting.put(result, new Awaited(tagged.name() + " (ActionID " + id + ")", sent));
        result.whenComplete((e, t) -> awaiting.remove(result));
        sent.whenComplete((r, e) -> {
            if (e != null) {
                result.completeExceptionally(e instanceof java.util.concurrent.CompletionException ? e.getCause() : e);
            }
        });
        result.orTimeout(timeout, TimeUnit.MILLISECONDS).whenComplete((e, t) -> watch.close());
        return result.handle((e, t) -> {
            if (t instanceof java.util.concurrent.TimeoutException) {
                throw new AmiTimeoutException(tagged.name() + " (ActionID " + id + ") got no " + eventName + " within "
                        + timeout + " ms");
            }
            if (t != null) {
                throw t instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(t);
            }
            return e;
        });
    }

    @Override
    public List<String> command(String cliCommand) {
        return actions.command(cliCommand);
    }

    @Override
    public Response setEventMask(String mask) {
        return events.setEventMask(mask);
    }

    @Override
    public Response addFilter(String filter, String matchCriteria) {
        return events.addFilter(filter, matchCriteria);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        actions.addConnectionListener(listener);
        events.addConnectionListener(listener);
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        actions.removeConnectionListener(listener);
        events.removeConnectionListener(listener);
    }

    @Override
    public Subscription on(String eventName, EventListener listener) {
        return events.on(eventName, listener);
    }

    @Override
    public Subscription on(Collection<String> eventNames, EventListener listener) {
        return events.on(eventNames, listener);
    }

    @Override
    public Subscription on(Predicate<Event> filter, EventListener listener) {
        return events.on(filter, listener);
    }

    @Override
    public Subscription onAny(EventListener listener) {
        return events.onAny(listener);
    }

    @Override
    public Subscription onChannel(Collection<String> channels, EventListener listener, int queueCapacity,
                                  OverflowPolicy overflowPolicy) {
        return events.onChannel(channels, listener, queueCapacity, overflowPolicy);
    }

    @Override
    public Subscription subscribeParallel(Predicate<Event> filter, Function<? super Event, ?> orderKey,
                                          int parallelism, EventListener listener, int queueCapacity,
                                          OverflowPolicy overflowPolicy) {
        return events.subscribeParallel(filter, orderKey, parallelism, listener, queueCapacity, overflowPolicy);
    }

    @Override
    public Subscription subscribe(Predicate<Event> filter, EventListener listener, int queueCapacity,
                                  OverflowPolicy overflowPolicy) {
        return events.subscribe(filter, listener, queueCapacity, overflowPolicy);
    }

    @Override
    public String banner() {
        return (actions != null ? actions : events).banner();
    }

    @Override
    public String amiVersion() {
        return (actions != null ? actions : events).amiVersion();
    }

    /** READY only when both connections are; otherwise the state of the one that is not. */
    @Override
    public ConnectionState state() {
        if (actions == null) {
            return events.state();
        }
        ConnectionState a = actions.state();
        return a != ConnectionState.READY ? a : events.state();
    }

    @Override
    public AmiConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            if (actions != null) {
                actions.close();
            }
        } finally {
            events.close();
            awaiting.forEach((result, w) -> w.sent().whenComplete((r, e) -> {
                if (e == null) { // answered, so it went out and may have run; a failed send fails it itself
                    result.completeExceptionally(new ConnectionLostException(w.action()
                            + " failed: client closed before its follow-up event", Outcome.UNKNOWN));
                }
            }));
        }
    }

    @Override
    public String toString() {
        return "AmiClient{two connections to " + config.host() + ":" + config.port() + ", " + state() + "}";
    }
}
