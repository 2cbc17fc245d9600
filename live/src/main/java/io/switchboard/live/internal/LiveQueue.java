package io.switchboard.live.internal;

import io.switchboard.ami.Action;
import io.switchboard.live.Channel;
import io.switchboard.live.Queue;
import io.switchboard.live.QueueEntry;
import io.switchboard.live.QueueMember;
import io.switchboard.live.QueueStatistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The object behind {@link Queue}. Members and callers are immutable lists replaced whole (under the model
 * lock), so readers always see a consistent list.
 */
final class LiveQueue implements Queue {
    /** A waiting caller by Uniqueid; resolved to the live channel on read. */
    record Waiting(String uniqueid, Instant since) {
    }

    static final QueueStatistics EMPTY = new QueueStatistics("", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Instant.EPOCH);

    private final String name;
    private final DefaultAsteriskServer server;
    volatile List<QueueMember> members = List.of();
    volatile List<Waiting> waiting = List.of();
    volatile QueueStatistics statistics = EMPTY;

    LiveQueue(String name, DefaultAsteriskServer server) {
        this.name = name;
        this.server = server;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<QueueMember> members() {
        return members;
    }

    @Override
    public List<QueueEntry> entries() {
        List<QueueEntry> out = new ArrayList<>();
        for (Waiting w : waiting) {
            Channel c = server.channelRegistry().byUniqueid(w.uniqueid());
            if (c != null) {
                out.add(new QueueEntry(out.size() + 1, c, w.since()));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public QueueStatistics statistics() {
        return statistics;
    }

    @Override
    public void refresh() {
        server.queueRegistry().refresh(name);
    }

    @Override
    public void addMember(String iface, String memberName, int penalty, boolean paused) {
        Action a = Action.named("QueueAdd").header("Queue", name).header("Interface", requireText(iface))
                .header("Penalty", Integer.toString(penalty)).header("Paused", paused ? "true" : "false");
        if (memberName != null && !memberName.isEmpty()) {
            a = a.header("MemberName", memberName);
        }
        server.client().send(a);
    }

    @Override
    public void removeMember(String iface) {
        server.client().send(Action.named("QueueRemove").header("Queue", name).header("Interface", requireText(iface)));
    }

    @Override
    public void pauseMember(String iface, String reason) {
        Action a = Action.named("QueuePause").header("Queue", name).header("Interface", requireText(iface))
                .header("Paused", "true");
        if (reason != null && !reason.isEmpty()) {
            a = a.header("Reason", reason);
        }
        server.client().send(a);
    }

    @Override
    public void unpauseMember(String iface) {
        server.client().send(Action.named("QueuePause").header("Queue", name).header("Interface", requireText(iface))
                .header("Paused", "false"));
    }

    private static String requireText(String s) {
        if (Objects.requireNonNull(s, "interface").isEmpty()) {
            throw new IllegalArgumentException("interface must not be empty");
        }
        return s;
    }

    @Override
    public String toString() {
        return "Queue[" + name + ", " + members.size() + " members, " + waiting.size() + " waiting]";
    }
}
