package io.switchboard.ami;

import io.switchboard.ami.internal.DefaultAmiClient;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A logged-in connection to one Asterisk server's Manager Interface.
 *
 * <p><b>Actions.</b> {@link #send} blocks until the answer (or the action's deadline) and writes the action on
 * the calling thread; {@link #sendAsync} and the other asynchronous sends return at once and leave the write to
 * the client's writer thread, which sends everything queued meanwhile in one write. Actions go out in the order
 * they were sent, whichever way. A {@code Response: Error} surfaces as {@link ActionFailedException} carrying the response.
 * A response that opens an event list ({@code EventList: start}) completes only when the list is complete;
 * {@link #sendList} returns the collected items. Every action gets a unique ActionID unless it brings its own.
 * Futures complete on the client's callback threads, never on the socket reader, so a callback may send.
 *
 * <p><b>Events.</b> Subscribe by event name, predicate or channel ({@link #onChannel(String, EventListener)}).
 * Each subscription has its own bounded queue and receives matching events in wire order on
 * a thread of the event pool; one slow listener delays only itself. A subscription may also be delivered on
 * several threads, in order per key such as a call's Linkedid ({@link #subscribeParallel}). Events without a typed class are delivered
 * like any other. List items of an action go to that action's caller only.
 *
 * <p>All methods are thread-safe. {@link #close()} logs off and fails whatever is still pending.
 */
public interface AmiClient extends AutoCloseable {

    /** Connects, reads the banner and logs in; throws {@link AuthenticationException} on refused credentials. */
    static AmiClient connect(AmiConfig config) {
        return connect(config, c -> { });
    }

    /**
     * Like {@link #connect(AmiConfig)}, but runs {@code beforeLogin} on the new client first, so subscriptions
     * and connection listeners made there see everything, including the events Asterisk sends right after the
     * login ({@code FullyBooted}, {@code SuccessfulAuth}). {@code beforeLogin} must not send actions.
     */
    static AmiClient connect(AmiConfig config, java.util.function.Consumer<AmiClient> beforeLogin) {
        return config.separateEventConnection() ? io.switchboard.ami.internal.DualAmiClient.open(config, beforeLogin)
                : DefaultAmiClient.open(config, beforeLogin);
    }

    /** Sends an action and waits for its answer (up to the action's deadline). */
    Response send(Action action);

    /** Sends an action; the future completes with the answer, or exceptionally (see class docs). */
    CompletableFuture<Response> sendAsync(Action action);

    /** Sends a list action ({@code CoreShowChannels}, {@code Status}...) and waits for the whole list. */
    EventList sendList(Action action);

    /** Asynchronous {@link #sendList}. */
    CompletableFuture<EventList> sendListAsync(Action action);

    /**
     * Sends an action and completes with the first event named {@code eventName} that carries the action's
     * ActionID, e.g. the {@code OriginateResponse} of an asynchronous Originate. Fails with
     * {@link ActionFailedException} if the response is an error, with {@link AmiTimeoutException} if the event
     * does not come before the action's deadline. The event still reaches subscribers too.
     */
    CompletableFuture<Event> sendAndAwaitEvent(Action action, String eventName);

    /** Runs a CLI command ({@code Command} action) and returns its output lines. */
    List<String> command(String cliCommand);

    /**
     * Changes the session's event mask ({@code Events} action: {@code on}, {@code off}, {@code call,system}...)
     * and remembers it, so it is applied again after a reconnect.
     */
    Response setEventMask(String mask);

    /**
     * Adds a server-side event filter ({@code Filter} action, {@code Operation: Add}) and remembers it, so it is
     * added again after a reconnect. {@code matchCriteria} may be null (legacy regex filter), else e.g.
     * {@code action(include),name(Hangup)}. Asterisk cannot remove filters; they last for the session.
     */
    Response addFilter(String filter, String matchCriteria);

    /** Adds a listener for connection events (lost, restored, login failed...). */
    void addConnectionListener(ConnectionListener listener);

    /** Removes a connection listener. */
    void removeConnectionListener(ConnectionListener listener);

    /** Subscribes to events with this name (compared ignoring case). */
    Subscription on(String eventName, EventListener listener);

    /** Subscribes to events with any of these names (compared ignoring case). */
    Subscription on(Collection<String> eventNames, EventListener listener);

    /** Subscribes to events that match a predicate (evaluated on the reader thread: keep it cheap). */
    Subscription on(Predicate<Event> filter, EventListener listener);

    /** Subscribes to every event. */
    Subscription onAny(EventListener listener);

    /**
     * Subscribes to the events that concern one channel, or every channel of one endpoint: "everything that
     * happens to PJSIP/alice's calls" is {@code onChannel("PJSIP/alice", listener)}.
     *
     * <p><b>What matches.</b> An event matches when one of its <i>channel headers</i> names the channel. The
     * channel headers are {@code Channel} and every header whose key ends with {@code Channel}: the prefixed
     * channel snapshots of Asterisk 22 such as {@code DestChannel} (DialBegin, DialEnd),
     * {@code TransfereeChannel}, {@code OrigTransfererChannel}, {@code LocalOneChannel} (and {@code DAHDIChannel},
     * whose value is a number and so only matches that number); keys compare ignoring case. A header value
     * {@code V} names the argument {@code A} when, ignoring case, {@code V} equals {@code A}
     * or the <i>endpoint</i> of {@code V} equals {@code A}. The endpoint of {@code V} is {@code V} without its
     * unique suffix, which is the last {@code -} of {@code V} and everything after it; a trailing {@code ;1} or
     * {@code ;2} (the two halves of a Local channel) is skipped when looking for that {@code -} and dropped with
     * the suffix. A value with no {@code -}, or only a leading one, has no endpoint; empty values name
     * nothing. So:
     * <ul>
     *   <li>{@code PJSIP/alice} matches {@code PJSIP/alice-00000001} and any other of alice's channels, but not
     *       {@code PJSIP/alice-bob-00000003}, whose endpoint is {@code PJSIP/alice-bob};</li>
     *   <li>{@code PJSIP/alice-00000001} matches that channel only;</li>
     *   <li>{@code Local/100@default} matches {@code Local/100@default-00000002;1} and {@code ...;2};
     *       {@code Local/100@default-00000002;1} matches that half only.</li>
     * </ul>
     * Blanks around the argument are ignored. An event is delivered once however many of its headers name the
     * channel (a DialBegin from one of alice's channels to another).
     *
     * <p><b>Delivery</b> is as for every subscription: its own bounded queue (capacity and overflow policy from
     * the {@link AmiConfig}), wire order, list items of an action only to that action's caller. Matching is done
     * by lookup in an index, not by testing each subscription: thousands of channel subscriptions cost an event
     * about what one does, and a client without channel subscriptions pays one field read per event for it.
     *
     * @throws IllegalArgumentException if {@code channel} is null, blank, or contains CR or LF
     */
    default Subscription onChannel(String channel, EventListener listener) {
        return onChannel(channel, listener, config().eventQueueCapacity(), config().overflowPolicy());
    }

    /** {@link #onChannel(String, EventListener)} with explicit queue capacity and overflow policy. */
    default Subscription onChannel(String channel, EventListener listener, int queueCapacity,
                                   OverflowPolicy overflowPolicy) {
        return onChannel(java.util.Collections.singletonList(channel), listener, queueCapacity, overflowPolicy);
    }

    /**
     * Subscribes to the events that concern any of these channels or endpoints, each matching as in
     * {@link #onChannel(String, EventListener)}: one queue, so the events of all of them arrive in wire order,
     * and an event naming several of them (alice calling bob) is delivered once.
     *
     * @throws IllegalArgumentException if {@code channels} is empty or one of them is null, blank, or contains
     *         CR or LF
     */
    default Subscription onChannel(Collection<String> channels, EventListener listener) {
        return onChannel(channels, listener, config().eventQueueCapacity(), config().overflowPolicy());
    }

    /** {@link #onChannel(Collection, EventListener)} with explicit queue capacity and overflow policy. */
    Subscription onChannel(Collection<String> channels, EventListener listener, int queueCapacity,
                           OverflowPolicy overflowPolicy);

    /** Subscribes with explicit queue capacity and overflow policy. */
    Subscription subscribe(Predicate<Event> filter, EventListener listener, int queueCapacity,
                           OverflowPolicy overflowPolicy);

    /**
     * Subscribes with delivery on several threads at once, keeping order where it matters: events for which
     * {@code orderKey} gives equal values reach the listener one at a time and in wire order, while events with
     * different keys may be delivered at the same time, on up to {@code parallelism} threads. For a listener
     * whose work per event is slow and independent between keys: with {@code e -> e.get("Linkedid")} as the
     * key, a billing listener writes several calls to its database at once, yet sees each call's events in the
     * order Asterisk sent them. The listener must be thread-safe.
     *
     * <p>Events are spread over {@code parallelism} lanes by the hash of their key (two keys may share a lane;
     * then one waits behind the other). A null key is a key like any other: all events without one are one
     * ordered stream. {@code filter} and {@code orderKey} run once per event on the reader thread: keep them
     * cheap. A key function that throws is logged and the event is delivered as if its key were null. Queue
     * capacity and overflow policy are as in {@link #subscribe(Predicate, EventListener, int, OverflowPolicy)},
     * with the capacity per lane; with {@link OverflowPolicy#FAIL} one full lane closes the whole subscription.
     * {@link Subscription#stats()} sums the lanes ({@code maxQueued} is the fullest lane's).
     *
     * @throws IllegalArgumentException if {@code parallelism} is not between 1 and 1024 or the capacity is below 1
     */
    Subscription subscribeParallel(Predicate<Event> filter, Function<? super Event, ?> orderKey, int parallelism,
                                   EventListener listener, int queueCapacity, OverflowPolicy overflowPolicy);

    /**
     * {@link #subscribeParallel(Predicate, Function, int, EventListener, int, OverflowPolicy)} with the
     * configured queue capacity (per lane) and overflow policy.
     */
    default Subscription subscribeParallel(Predicate<Event> filter, Function<? super Event, ?> orderKey,
                                           int parallelism, EventListener listener) {
        return subscribeParallel(filter, orderKey, parallelism, listener, config().eventQueueCapacity(),
                config().overflowPolicy());
    }

    /** The greeting line the server sent, e.g. {@code Asterisk Call Manager/11.0.0}. */
    String banner();

    /** The AMI protocol version from the banner ({@code 11.0.0}), or "" if it had none. */
    String amiVersion();

    /** Where the connection is now. */
    ConnectionState state();

    /** The configuration this client was made with. */
    AmiConfig config();

    /**
     * Sends Logoff, waits briefly for Goodbye, closes the socket and fails every pending action. Events already
     * read keep reaching their listeners for up to {@link AmiConfig#closeTimeout()}; any still queued then are
     * discarded, and their number is logged. Idempotent.
     */
    @Override
    void close();
}
