package io.switchboard.live.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.live.ResyncReport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the model from list actions (CoreShowChannels, BridgeList, QueueStatus, QueueSummary, ParkedCalls)
 * while events keep flowing.
 *
 * <p><b>The problem.</b> A list reply and the event stream are two views taken at different moments, and a
 * client cannot tell from wire order alone which events the list already reflects. Applying the list too late
 * resurrects a channel whose Hangup was just processed; too early, and it forgets a channel born meanwhile.
 *
 * <p><b>The markers.</b> Before the lists the model sends a {@code UserEvent} (begin), after them another one
 * (end). Asterisk runs one session's actions in order and broadcasts events through one queue, so in the event
 * stream everything before the begin marker happened before the lists were taken, and everything after the end
 * marker happened after. The lists are merged when the end marker is processed on the event thread, in order
 * with all other events: channels touched by an event since the begin marker keep the event's (newer or equal)
 * state, the rest take the list's; Uniqueids that had a Hangup never come back (tombstones). Queue and parking
 * events change by deltas instead of carrying the whole state, so those seen since the begin marker are applied
 * again on top of their (possibly older) lists. If the server refuses {@code UserEvent} or the markers do not
 * arrive (no {@code user} read class), the lists are merged as they are after a short wait, which is right at
 * any quiet moment.
 */
final class Resync {
    static final String MARKER = "SwitchboardLiveSync";
    private static final AtomicLong TOKENS = new AtomicLong();
    private static final Duration MARKER_WAIT = Duration.ofSeconds(5);

    /**
     * The lists of one resync. {@code bridges}, {@code queueStatus} and {@code parked} are null if the server
     * could not list them (module not loaded, no permission, a failure): what the model has of those is kept.
     */
    record Snapshot(List<Event> channels, List<Event> bridges, List<Event> queueStatus, List<Event> queueSummary,
                    List<Event> parked) {
    }

    private static final class Window {
        final Instant gapStart;
        final CompletableFuture<ResyncReport> done = new CompletableFuture<>();
        /** The event counter at the begin marker; -1 until seen (then the lists overrule everything). */
        volatile long beginSeq = -1;
        volatile Snapshot snapshot;
        boolean applied;
        /**
         * Queue and parking events seen since the begin marker (model lock held). Unlike channels, which carry
         * their whole state in every event, these registries change by deltas (a caller joins, a call is
         * retrieved), so the merge applies them again on top of lists that may be older.
         */
        final List<Event> later = new ArrayList<>();

        Window(Instant gapStart) {
            this.gapStart = gapStart;
        }
    }

    private final DefaultAsteriskServer server;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    Resync(DefaultAsteriskServer server) {
        this.server = server;
    }

    CompletableFuture<ResyncReport> run(Instant gapStart) {
        String token = "sb-" + TOKENS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        Window w = new Window(gapStart);
        windows.put(token, w);
        server.client().sendAsync(marker(token, "begin"))
                .handle((r, error) -> error == null)
                .thenCompose(markers -> fetch().thenCompose(snapshot -> {
                    w.snapshot = snapshot;
                    if (!markers) {
                        applyLocked(token);
                        return CompletableFuture.completedFuture(null);
                    }
                    return server.client().sendAsync(marker(token, "end")).handle((r, error) -> {
                        if (error != null) {
                            applyLocked(token);
                        } else {
                            // Normally the end marker applies the lists; this is the fallback if it never comes.
                            CompletableFuture.delayedExecutor(MARKER_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                                    .execute(() -> applyLocked(token));
                        }
                        return null;
                    });
                }))
                .exceptionally(error -> {
                    windows.remove(token);
                    w.done.completeExceptionally(error);
                    return null;
                });
        return w.done;
    }

    private static Action marker(String token, String phase) {
        return Action.named("UserEvent").header("UserEvent", MARKER).header("Token", token).header("Phase", phase)
                .resendable(true);
    }

    private CompletableFuture<Snapshot> fetch() {
        var client = server.client();
        CompletableFuture<List<Event>> channels = client.sendListAsync(Action.named("CoreShowChannels"))
                .thenApply(EventList::items);
        CompletableFuture<List<Event>> bridges = optional(client.sendListAsync(Action.named("BridgeList")), null);
        CompletableFuture<List<Event>> status = optional(client.sendListAsync(Action.named("QueueStatus")), null);
        CompletableFuture<List<Event>> summary = optional(client.sendListAsync(Action.named("QueueSummary")),
                List.of());
        CompletableFuture<List<Event>> parked = optional(client.sendListAsync(Action.named("ParkedCalls")), null);
        return CompletableFuture.allOf(channels, bridges, status, summary, parked).thenApply(v -> new Snapshot(
                channels.join(), bridges.join(), status.join(), summary.join(), parked.join()));
    }

    /** A list the server may not support (module not loaded, no permission): its failure is not the resync's. */
    private static CompletableFuture<List<Event>> optional(CompletableFuture<EventList> list, List<Event> dflt) {
        return list.handle((l, error) -> error == null ? l.items() : dflt);
    }

    /** A marker reached the event thread (model lock held). */
    void onMarker(Event e) {
        String token = e.get("Token");
        Window w = token == null ? null : windows.get(token);
        if (w == null) {
            return; // another client's or another model's marker
        }
        if ("begin".equals(e.get("Phase"))) {
            w.beginSeq = server.channelRegistry().seq();
        } else if ("end".equals(e.get("Phase"))) {
            apply(token);
        }
    }

    /** An event was applied to the model (model lock held): keep it for the merges that may predate it. */
    void followed(Event e) {
        if (windows.isEmpty() || !(QueueRegistry.follows(e) || ParkingRegistry.follows(e))) {
            return;
        }
        for (Window w : windows.values()) {
            if (w.beginSeq >= 0 && !w.applied) {
                w.later.add(e);
            }
        }
    }

    private void applyLocked(String token) {
        synchronized (server.lock()) {
            apply(token);
        }
    }

    /** Merges the lists into the model (model lock held); at most once per resync. */
    private void apply(String token) {
        Window w = windows.get(token);
        if (w == null || w.applied || w.snapshot == null) {
            return;
        }
        w.applied = true;
        windows.remove(token);
        Snapshot s = w.snapshot;
        long since = w.beginSeq < 0 ? Long.MAX_VALUE : w.beginSeq;
        Instant now = Instant.now();
        ChannelRegistry.Merge m = server.channelRegistry().merge(s.channels(), since, now);
        server.bridgeRegistry().merge(s.bridges(), since);
        if (s.queueStatus() != null) {
            server.queueRegistry().merge(s.queueStatus(), s.queueSummary(), w.later, now, true);
        }
        if (s.parked() != null) {
            server.parking().merge(s.parked(), w.later, now);
        }
        server.originations().afterResync();
        ResyncReport report = new ResyncReport(w.gapStart, now, m.appeared(), m.ended(), m.changed());
        server.synced(report);
        server.notifier().post(() -> w.done.complete(report));
    }
}
