package io.switchboard.live.internal;

import io.switchboard.ami.Event;
import io.switchboard.live.Channel;
import io.switchboard.live.ChannelListener;
import io.switchboard.live.ChannelSnapshot;
import io.switchboard.live.HangupCause;
import io.switchboard.live.ServerListener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channels of the model, keyed by Uniqueid, and how events and list snapshots change them. Mutated only
 * under the server's model lock (on the event thread, or by a resync); read from any thread.
 *
 * <p><b>Why tombstones.</b> A Uniqueid never comes back after its Hangup, but events about a channel can still
 * arrive after it (late Stasis messages, or the event stream and a list reply crossing during a resync). The
 * Uniqueids of recently ended channels are kept so such stragglers never resurrect a dead channel.
 *
 * <p><b>Why an event counter.</b> Each channel remembers the counter value of the last event that touched it.
 * A resync only lets its list snapshot overrule channels not touched since the snapshot was requested: an event
 * seen after that point is at least as new as the list (see {@link Resync}).
 */
final class ChannelRegistry {
    private static final int TOMBSTONES = 20_000;

    private final DefaultAsteriskServer server;
    private final Map<String, LiveChannel> byId = new ConcurrentHashMap<>();
    private final Map<String, LiveChannel> byName = new ConcurrentHashMap<>();
    /** Recently ended Uniqueids (value: the channel object if the model had one). Access under the model lock. */
    private final Map<String, LiveChannel> gone = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LiveChannel> eldest) {
            return size() > TOMBSTONES;
        }
    };
    /** Counts the events the model applied (see {@link #onEvent}). */
    private long seq;
    private long order;

    ChannelRegistry(DefaultAsteriskServer server) {
        this.server = server;
    }

    // ---- reading ----

    List<Channel> list() {
        List<LiveChannel> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing((LiveChannel c) -> c.snapshot().createdAt()).thenComparingLong(c -> c.order));
        return List.copyOf(all);
    }

    LiveChannel byUniqueid(String uniqueid) {
        return uniqueid == null ? null : byId.get(uniqueid);
    }

    LiveChannel find(String nameOrId) {
        if (nameOrId == null) {
            return null;
        }
        LiveChannel c = byId.get(nameOrId);
        return c != null ? c : byName.get(nameOrId.toLowerCase(Locale.ROOT));
    }

    /** A channel that ended recently, if the model knew it (lock held). */
    LiveChannel recentlyGone(String uniqueid) {
        return gone.get(uniqueid);
    }

    boolean isGone(String uniqueid) {
        return gone.containsKey(uniqueid);
    }

    long seq() {
        return seq;
    }

    // ---- events (model lock held) ----

    /**
     * Applies one event; returns true if it concerned a channel. Every event the model follows moves the counter,
     * also those about bridges, queues and parking only, so that "touched since the begin marker" holds for
     * whatever an event after the marker touched.
     */
    boolean onEvent(Event e, Instant now) {
        seq++;
        String name = e.name().toLowerCase(Locale.ROOT);
        switch (name) {
            case "hangup" -> {
                hangup(e, now);
                return true;
            }
            case "rename" -> {
                rename(e);
                return true;
            }
            case "newexten" -> {
                LiveChannel c = update(e, "", now);
                if (c != null) {
                    set(c, c.snapshot().withApplication(Headers.text(e, "Application"), Headers.text(e, "AppData")));
                }
                return true;
            }
            case "bridgeenter", "bridgeleave" -> {
                LiveChannel c = update(e, "", now);
                if (c != null) {
                    String id = Headers.text(e, "BridgeUniqueid");
                    if (name.equals("bridgeenter")) {
                        set(c, c.snapshot().withBridgeId(id));
                    } else if (c.snapshot().bridgeId().equals(id)) {
                        set(c, c.snapshot().withBridgeId(""));
                    }
                }
                return true;
            }
            case "mixmonitorstart", "mixmonitorstop" -> {
                LiveChannel c = update(e, "", now);
                if (c != null) {
                    c.recording(name.equals("mixmonitorstart"));
                }
                return true;
            }
            case "dialbegin", "dialstate", "dialend" -> {
                update(e, "", now);
                update(e, "Dest", now);
                return true;
            }
            default -> {
                if (Headers.hasChannel(e, "")) {
                    update(e, "", now);
                    return true;
                }
                return false;
            }
        }
    }

    /** Creates or updates the channel of one channel block; null if the channel is known to be gone. */
    LiveChannel update(Event e, String prefix, Instant now) {
        if (!Headers.hasChannel(e, prefix)) {
            return null;
        }
        String id = e.get(prefix + "Uniqueid");
        if (gone.containsKey(id)) {
            return null;
        }
        LiveChannel c = byId.get(id);
        ChannelSnapshot s = Headers.channel(e, prefix, c == null ? null : c.snapshot(), now);
        if (c == null) {
            c = add(s);
        } else {
            set(c, s);
        }
        c.touchedAt = seq;
        return c;
    }

    private LiveChannel add(ChannelSnapshot s) {
        LiveChannel c = new LiveChannel(server, s, order++);
        byId.put(s.uniqueid(), c);
        byName.put(s.name().toLowerCase(Locale.ROOT), c);
        server.notifier().tell(server.listeners(), l -> l.channelAdded(c));
        return c;
    }

    /** Replaces a channel's snapshot and tells the listeners what changed. */
    void set(LiveChannel c, ChannelSnapshot s) {
        ChannelSnapshot old = c.snapshot();
        if (old.equals(s)) {
            return;
        }
        if (!old.name().equals(s.name())) {
            byName.remove(old.name().toLowerCase(Locale.ROOT), c);
            byName.put(s.name().toLowerCase(Locale.ROOT), c);
        }
        c.snapshot(s);
        List<ChannelListener> targets = targets(c);
        if (!targets.isEmpty()) {
            server.notifier().post(() -> {
                for (ChannelListener l : targets) {
                    if (old.state() != s.state()) {
                        Notifier.guard(() -> l.stateChanged(c, old.state(), s.state()));
                    }
                    Notifier.guard(() -> l.changed(c, old, s));
                }
            });
        }
    }

    private void hangup(Event e, Instant now) {
        String id = e.get("Uniqueid");
        if (id == null) {
            return;
        }
        LiveChannel c = byId.get(id);
        if (c != null) {
            set(c, Headers.channel(e, "", c.snapshot(), now));
        }
        end(id, c, new HangupCause(Headers.integer(e, "Cause", 0), Headers.text(e, "Cause-txt")));
    }

    /** Marks a channel ended: out of the maps, into the tombstones, listeners told (lock held). */
    void end(String uniqueid, LiveChannel c, HangupCause cause) {
        gone.put(uniqueid, c);
        if (c == null) {
            return;
        }
        byId.remove(uniqueid, c);
        byName.remove(c.snapshot().name().toLowerCase(Locale.ROOT), c);
        c.ended(cause);
        server.notifier().tell(targets(c), l -> l.hungUp(c, cause));
        server.onChannelEnded(c);
    }

    private void rename(Event e) {
        LiveChannel c = byId.get(e.get("Uniqueid"));
        String newName = e.get("Newname");
        if (c != null && newName != null && !newName.isEmpty()) {
            ChannelSnapshot s = c.snapshot();
            set(c, new ChannelSnapshot(newName, s.uniqueid(), s.linkedid(), s.state(), s.callerId(),
                    s.connectedLine(), s.language(), s.accountCode(), s.context(), s.extension(), s.priority(),
                    s.application(), s.applicationData(), s.bridgeId(), s.createdAt()));
            c.touchedAt = seq;
        }
    }

    private List<ChannelListener> targets(LiveChannel c) {
        List<ServerListener> server = this.server.listeners();
        List<ChannelListener> own = c.listeners();
        if (server.isEmpty() && own.isEmpty()) {
            return List.of();
        }
        List<ChannelListener> all = new ArrayList<>(own);
        all.addAll(server);
        return all;
    }

    // ---- resync (model lock held) ----

    /** Result of merging a CoreShowChannels snapshot. */
    record Merge(List<Channel> appeared, List<Channel> ended, List<Channel> changed) {
    }

    /**
     * Merges a CoreShowChannels list into the model. Channels touched by an event after {@code sinceSeq} keep
     * what the events said (they are at least as new as the list); untouched ones take the list's state; those
     * missing from the list end with {@link HangupCause#ENDED_WHILE_DISCONNECTED}.
     */
    Merge merge(List<Event> items, long sinceSeq, Instant now) {
        List<Channel> appeared = new ArrayList<>();
        List<Channel> ended = new ArrayList<>();
        List<Channel> changed = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (Event item : items) {
            if (!Headers.hasChannel(item, "")) {
                continue;
            }
            String id = item.get("Uniqueid");
            listed.add(id);
            if (gone.containsKey(id)) {
                continue;
            }
            LiveChannel c = byId.get(id);
            Instant created = now.minusSeconds(Headers.hms(item.get("Duration")));
            ChannelSnapshot s = Headers.channel(item, "", c == null ? null : c.snapshot(), created)
                    .withApplication(Headers.text(item, "Application"), Headers.text(item, "ApplicationData"))
                    .withBridgeId(Headers.text(item, "BridgeId"));
            if (c == null) {
                appeared.add(add(s));
            } else if (c.touchedAt <= sinceSeq) {
                if (!c.snapshot().sameStateAs(s)) {
                    changed.add(c);
                }
                set(c, s);
            }
        }
        for (LiveChannel c : new ArrayList<>(byId.values())) {
            if (!listed.contains(c.uniqueid()) && c.touchedAt <= sinceSeq) {
                end(c.uniqueid(), c, HangupCause.ENDED_WHILE_DISCONNECTED);
                ended.add(c);
            }
        }
        return new Merge(appeared, ended, changed);
    }
}
