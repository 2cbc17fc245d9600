package io.switchboard.live.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.ConnectionLostException;
import io.switchboard.ami.Event;
import io.switchboard.live.Channel;
import io.switchboard.live.ChannelState;
import io.switchboard.live.OriginateException;
import io.switchboard.live.OriginateRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Originates in flight, correlated by the ChannelId this model chooses (Asterisk makes it the channel's
 * Uniqueid and echoes it in OriginateResponse), with the ActionID as a second key.
 *
 * <p>The OriginateResponse is handled on the model's event thread, after the Newchannel that precedes it on
 * the wire, so the future completes with a channel already in the model. Futures complete on the notification
 * thread, never under the model lock. If the connection breaks after Asterisk queued the originate, the outcome
 * is unknown: the originate waits for the resync and is settled by whether a channel with its ChannelId exists.
 */
final class Originations {
    private static final AtomicLong IDS = new AtomicLong();

    private static final class Pending {
        final OriginateRequest request;
        final String channelId;
        final String actionId;
        final CompletableFuture<Channel> future = new CompletableFuture<>();
        volatile Throwable lost;

        Pending(OriginateRequest request, String channelId, String actionId) {
            this.request = request;
            this.channelId = channelId;
            this.actionId = actionId;
        }
    }

    private final DefaultAsteriskServer server;
    private final Map<String, Pending> byChannelId = new ConcurrentHashMap<>();
    private final Map<String, Pending> byActionId = new ConcurrentHashMap<>();

    Originations(DefaultAsteriskServer server) {
        this.server = server;
    }

    CompletableFuture<Channel> originate(OriginateRequest r) {
        String channelId = r.channelId().orElseGet(() -> UUID.randomUUID().toString());
        String actionId = "sb-originate-" + IDS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        Pending p = new Pending(r, channelId, actionId);
        if (byChannelId.putIfAbsent(channelId, p) != null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("an originate with ChannelId " + channelId + " is in progress"));
        }
        byActionId.put(actionId, p);
        Duration deadline = r.timeout().plus(server.client().config().actionTimeout());
        p.future.orTimeout(deadline.toMillis() + 5_000, TimeUnit.MILLISECONDS)
                .whenComplete((c, e) -> forget(p));
        try {
            server.client().sendAndAwaitEvent(action(r, channelId).actionId(actionId).timeout(deadline),
                    "OriginateResponse").whenComplete((event, error) -> {
                        if (error != null) {
                            sendFailed(p, error);
                        }
                        // A response event is handled by onEvent, in order with the channel's own events.
                    });
        } catch (RuntimeException e) {
            forget(p);
            p.future.completeExceptionally(e);
        }
        return p.future.copy();
    }

    private static Action action(OriginateRequest r, String channelId) {
        Action a = Action.named("Originate").header("Channel", r.channel());
        if (r.application().isPresent()) {
            a = a.header("Application", r.application().get()).header("Data", r.data());
        } else {
            a = a.header("Context", r.context().orElseThrow()).header("Exten", r.extension().orElseThrow())
                    .header("Priority", Integer.toString(r.priority()));
        }
        a = a.header("Timeout", Long.toString(r.timeout().toMillis()));
        if (r.callerId().isPresent() && !r.callerId().get().isEmpty()) {
            a = a.header("CallerID", r.callerId().get().toHeader());
        }
        if (r.account().isPresent()) {
            a = a.header("Account", r.account().get());
        }
        for (Map.Entry<String, String> v : r.variables().entrySet()) {
            a = a.variable(v.getKey(), v.getValue());
        }
        if (r.earlyMedia()) {
            a = a.header("EarlyMedia", "true");
        }
        a = a.header("ChannelId", channelId);
        if (r.otherChannelId().isPresent()) {
            a = a.header("OtherChannelId", r.otherChannelId().get());
        }
        return a.header("Async", "true");
    }

    private void sendFailed(Pending p, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof ConnectionLostException lost && lost.outcome() == ConnectionLostException.Outcome.UNKNOWN) {
            // Asterisk may have placed the call: let the resync decide.
            p.lost = e;
            return;
        }
        if (e instanceof AmiTimeoutException && p.future.isDone()) {
            return;
        }
        server.notifier().post(() -> p.future.completeExceptionally(e));
    }

    private void forget(Pending p) {
        byChannelId.remove(p.channelId, p);
        byActionId.remove(p.actionId, p);
    }

    /** An OriginateResponse reached the model (model lock held). */
    void onResponse(Event e) {
        Pending p = e.actionId() == null ? null : byActionId.get(e.actionId());
        if (p == null) {
            p = byChannelId.get(String.valueOf(e.get("Uniqueid")));
        }
        if (p == null) {
            return;
        }
        Pending pending = p;
        forget(p);
        if ("Success".equalsIgnoreCase(e.get("Response"))) {
            LiveChannel c = server.channelRegistry().byUniqueid(p.channelId);
            if (c == null) {
                c = server.channelRegistry().recentlyGone(p.channelId);
            }
            if (c == null) {
                LiveChannel byName = server.channelRegistry().find(e.get("Channel"));
                c = byName;
            }
            LiveChannel found = c;
            server.notifier().post(() -> {
                if (found != null) {
                    pending.future.complete(found);
                } else {
                    pending.future.completeExceptionally(new IllegalStateException(
                            "Asterisk answered the originate but the model has no channel " + pending.channelId));
                }
            });
            return;
        }
        OriginateException failure = new OriginateException(p.request.channel(), p.channelId, e);
        server.notifier().post(() -> pending.future.completeExceptionally(failure));
    }

    /** After a resync (model lock held): settle originates whose outcome the connection loss left unknown. */
    void afterResync() {
        for (Pending p : new ArrayList<>(byChannelId.values())) {
            if (p.lost == null) {
                continue;
            }
            LiveChannel c = server.channelRegistry().byUniqueid(p.channelId);
            if (c != null && c.state() == ChannelState.UP) {
                forget(p);
                server.notifier().post(() -> p.future.complete(c));
            } else if (c == null) {
                forget(p);
                Throwable lost = p.lost;
                server.notifier().post(() -> p.future.completeExceptionally(lost));
            }
            // else: still ringing; its OriginateResponse (broadcast with our ActionID) settles it.
        }
    }

    /** Fails every pending originate (the model is closing). */
    void closeAll() {
        for (Pending p : new ArrayList<>(byChannelId.values())) {
            forget(p);
            p.future.completeExceptionally(new IllegalStateException("the live model was closed"));
        }
    }
}
