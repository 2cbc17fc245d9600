package io.switchboard.ami;

import java.util.List;
import java.util.Objects;

/**
 * The collected answer to a list action ({@code CoreShowChannels}, {@code Status}, {@code QueueStatus}, ...):
 * the response that opened the list, every item event that carried the action's ActionID, and the
 * {@code ...Complete} event that closed it.
 *
 * @param response the {@code Response: Success} with {@code EventList: start}
 * @param items    the item events in wire order (may be empty)
 * @param complete the closing event ({@code EventList: Complete}); for a response that was not a list at
 *                 all, {@code null}
 */
public record EventList(Response response, List<Event> items, Event complete) {
    public EventList {
        Objects.requireNonNull(response, "response");
        items = List.copyOf(items);
    }

    /** Number of items received. */
    public int size() {
        return items.size();
    }

    /**
     * The {@code ListItems} count announced by the completion event, or -1 if absent. Compare with
     * {@link #size()} to detect a server that announced more than it sent.
     */
    public int announcedCount() {
        if (complete == null) {
            return -1;
        }
        String v = complete.get("ListItems");
        if (v == null) {
            return -1;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
