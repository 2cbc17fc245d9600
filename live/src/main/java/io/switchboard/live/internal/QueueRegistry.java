package io.switchboard.live.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.live.Queue;
import io.switchboard.live.QueueMember;
import io.switchboard.live.QueueStatistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Queues: members and callers follow the Queue* events (QueueCallerJoin/Leave/Abandon,
 * QueueMemberAdded/Removed/Status/Pause/Penalty/Ringinuse, which carry the member's whole state); statistics come
 * from QueueStatus and QueueSummary on sync and refresh. Mutated under the model lock.
 */
final class QueueRegistry {
    private final DefaultAsteriskServer server;
    private final Map<String, LiveQueue> queues = new java.util.concurrent.ConcurrentHashMap<>();
    /** One list per {@link #refresh} in flight: the queue events applied since it asked (lock held). */
    private final List<List<Event>> refreshing = new ArrayList<>();

    QueueRegistry(DefaultAsteriskServer server) {
        this.server = server;
    }

    List<Queue> list() {
        List<Queue> all = new ArrayList<>(queues.values());
        all.sort(java.util.Comparator.comparing(Queue::name));
        return List.copyOf(all);
    }

    LiveQueue get(String name) {
        return queues.get(name);
    }

    private LiveQueue queue(String name) {
        return queues.computeIfAbsent(name, n -> new LiveQueue(n, server));
    }

    /** Whether the event is one this registry follows (and a resync must replay after its list). */
    static boolean follows(Event e) {
        return e.name().regionMatches(true, 0, "Queue", 0, 5) && e.get("Queue") != null;
    }

    /** A live event (lock held): kept for the refreshes in flight, then applied. */
    void onEvent(Event e, Instant now) {
        if (!follows(e)) {
            return;
        }
        for (List<Event> r : refreshing) {
            r.add(e);
        }
        apply(e, now);
    }

    private void apply(Event e, Instant now) {
        String name = e.name().toLowerCase(Locale.ROOT);
        LiveQueue q = queue(e.get("Queue"));
        switch (name) {
            case "queuecallerjoin" -> {
                String uid = e.get("Uniqueid");
                if (uid == null || server.channelRegistry().isGone(uid)) {
                    return;
                }
                List<LiveQueue.Waiting> w = new ArrayList<>(q.waiting);
                // Seen again (a resync replaying the event): it has waited since it first joined.
                Instant since = w.stream().filter(x -> x.uniqueid().equals(uid)).map(LiveQueue.Waiting::since)
                        .findFirst().orElse(now);
                w.removeIf(x -> x.uniqueid().equals(uid));
                int pos = Math.max(1, Math.min(Headers.integer(e, "Position", w.size() + 1), w.size() + 1));
                w.add(pos - 1, new LiveQueue.Waiting(uid, since));
                q.waiting = List.copyOf(w);
            }
            case "queuecallerleave", "queuecallerabandon" -> removeCaller(q, e.get("Uniqueid"));
            case "queuememberadded", "queuememberstatus", "queuememberpause", "queuememberpenalty",
                 "queuememberringinuse" -> putMember(q, member(e, "MemberName", "Interface"));
            case "queuememberremoved" -> {
                List<QueueMember> m = new ArrayList<>(q.members);
                m.removeIf(x -> x.iface().equals(e.get("Interface")));
                q.members = List.copyOf(m);
            }
            default -> {
                // QueueParams etc. only come as list items
            }
        }
    }

    /** A channel ended: it waits in no queue any more. */
    void channelEnded(String uniqueid) {
        for (LiveQueue q : queues.values()) {
            removeCaller(q, uniqueid);
        }
    }

    private static void removeCaller(LiveQueue q, String uid) {
        if (q.waiting.stream().anyMatch(w -> w.uniqueid().equals(uid))) {
            List<LiveQueue.Waiting> w = new ArrayList<>(q.waiting);
            w.removeIf(x -> x.uniqueid().equals(uid));
            q.waiting = List.copyOf(w);
        }
    }

    private static void putMember(LiveQueue q, QueueMember member) {
        List<QueueMember> m = new ArrayList<>(q.members);
        boolean replaced = false;
        for (int i = 0; i < m.size(); i++) {
            if (m.get(i).iface().equals(member.iface())) {
                m.set(i, member);
                replaced = true;
            }
        }
        if (!replaced) {
            m.add(member);
        }
        q.members = List.copyOf(m);
    }

    /** Members are {@code MemberName}/{@code Interface} in events, {@code Name}/{@code Location} in list items. */
    private static QueueMember member(Event e, String nameKey, String ifaceKey) {
        return new QueueMember(Headers.text(e, nameKey), Headers.text(e, ifaceKey), Headers.text(e, "StateInterface"),
                Headers.text(e, "Membership"), Headers.integer(e, "Penalty", 0), Headers.integer(e, "CallsTaken", 0),
                Headers.longValue(e, "LastCall", 0), Headers.flag(e, "InCall"), Headers.integer(e, "Status", 0),
                Headers.flag(e, "Paused"), Headers.text(e, "PausedReason"));
    }

    /**
     * Reads QueueStatus and QueueSummary for one queue (or all, for null) and replaces what they cover. The lists
     * may be older than events the model applied while they were read (without the resync's markers there is no
     * telling), so the events seen since the request are applied again on top of them.
     */
    void refresh(String queue) {
        Action status = Action.named("QueueStatus");
        Action summary = Action.named("QueueSummary");
        if (queue != null) {
            status = status.header("Queue", queue);
            summary = summary.header("Queue", queue);
        }
        List<Event> later = new ArrayList<>();
        synchronized (server.lock()) {
            refreshing.add(later);
        }
        try {
            EventList s = server.client().sendList(status);
            EventList sum = server.client().sendList(summary);
            synchronized (server.lock()) {
                merge(s.items(), sum.items(), later, Instant.now(), queue == null);
            }
        } finally {
            synchronized (server.lock()) {
                refreshing.removeIf(r -> r == later);
            }
        }
    }

    /**
     * Replaces the queues' content with a QueueStatus and a QueueSummary list, then applies {@code later}: the
     * queue events that reached the model after the lists were requested, which the lists may predate (lock
     * held). Member events carry the member's whole state and caller events are idempotent, so applying one the
     * list already reflects changes nothing.
     */
    void merge(List<Event> status, List<Event> summary, List<Event> later, Instant now, boolean all) {
        Map<String, List<QueueMember>> members = new LinkedHashMap<>();
        Map<String, List<LiveQueue.Waiting>> waiting = new LinkedHashMap<>();
        Map<String, Event> params = new LinkedHashMap<>();
        for (Event e : status) {
            String q = e.get("Queue");
            if (q == null) {
                continue;
            }
            switch (e.name().toLowerCase(Locale.ROOT)) {
                case "queueparams" -> {
                    params.put(q, e);
                    members.putIfAbsent(q, new ArrayList<>());
                    waiting.putIfAbsent(q, new ArrayList<>());
                }
                case "queuemember" -> members.computeIfAbsent(q, k -> new ArrayList<>())
                        .add(member(e, "Name", "Location"));
                case "queueentry" -> {
                    // Only callers the merged channel list has: one that ended since the list was taken stays out.
                    if (server.channelRegistry().byUniqueid(e.get("Uniqueid")) != null) {
                        waiting.computeIfAbsent(q, k -> new ArrayList<>()).add(new LiveQueue.Waiting(
                                e.get("Uniqueid"), now.minusSeconds(Headers.longValue(e, "Wait", 0))));
                    }
                }
                default -> {
                }
            }
        }
        Map<String, Event> sums = new LinkedHashMap<>();
        for (Event e : summary) {
            if (e.get("Queue") != null) {
                sums.put(e.get("Queue"), e);
            }
        }
        if (all) {
            queues.keySet().retainAll(params.keySet());
        }
        for (Map.Entry<String, Event> p : params.entrySet()) {
            LiveQueue q = queue(p.getKey());
            q.members = List.copyOf(members.get(p.getKey()));
            q.waiting = List.copyOf(waiting.get(p.getKey()));
            q.statistics = statistics(p.getValue(), sums.get(p.getKey()), now);
        }
        for (Event e : later) {
            if (follows(e)) {
                apply(e, now); // the resync's list holds parking events too
            }
        }
    }

    private static QueueStatistics statistics(Event p, Event s, Instant now) {
        Event sum = s == null ? Event.of("QueueSummary") : s;
        return new QueueStatistics(Headers.text(p, "Strategy"), Headers.integer(p, "Max", 0),
                Headers.integer(p, "Holdtime", 0), Headers.integer(p, "TalkTime", 0),
                Headers.integer(p, "Completed", 0), Headers.integer(p, "Abandoned", 0),
                Headers.integer(p, "ServiceLevel", 0), Headers.decimal(p, "ServicelevelPerf"),
                Headers.integer(p, "Weight", 0), Headers.integer(sum, "LoggedIn", 0),
                Headers.integer(sum, "Available", 0), Headers.integer(sum, "LongestHoldTime", 0), now);
    }
}
