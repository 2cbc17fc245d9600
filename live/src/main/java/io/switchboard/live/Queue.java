package io.switchboard.live;

import java.util.List;

/**
 * A live call queue (app_queue): members and waiting callers kept current by Queue* events, statistics as of
 * the last refresh. Operations send one action and wait for its answer. Thread-safe.
 */
public interface Queue {
    /** Queue name. */
    String name();

    /** Members, in the server's order. */
    List<QueueMember> members();

    /** Waiting callers, by position. */
    List<QueueEntry> entries();

    /** Counters as of the last sync or {@link #refresh()}. */
    QueueStatistics statistics();

    /** Re-reads members, callers and statistics from Asterisk (QueueStatus + QueueSummary). */
    void refresh();

    /** Adds a dynamic member ({@code QueueAdd}). */
    void addMember(String iface, String memberName, int penalty, boolean paused);

    /** Removes a dynamic member ({@code QueueRemove}). */
    void removeMember(String iface);

    /** Pauses a member in this queue ({@code QueuePause}); {@code reason} may be null. */
    void pauseMember(String iface, String reason);

    /** Unpauses a member in this queue. */
    void unpauseMember(String iface);
}
