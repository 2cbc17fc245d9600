package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One action between send and answer: its future, its deadline, whether it was written, and the list items it
 * is collecting. {@link #accept} runs on the connection's reader thread only; completion of the futures is
 * atomic, so the deadline sweep on the timer thread races safely with a late answer.
 */
final class PendingAction {
    private enum Phase { RESPONSE, LIST, AWAIT_EVENT, DONE }

    final Action action;
    final String id;
    /** Completes with the response (and list, if any); exceptionally on error, timeout or loss. */
    final CompletableFuture<EventList> result = new CompletableFuture<>();
    /** Non-null when the caller waits for a follow-up event with this ActionID (e.g. OriginateResponse). */
    final CompletableFuture<Event> awaited;
    private final String awaitedEvent;

    /** Client housekeeping (login, keepalive, re-applied filters): never held or resent across connections. */
    final boolean internal;
    /** System.nanoTime() at submission, for latency metrics. */
    final long submittedNanos = System.nanoTime();

    /** How long the action may take, and the System.nanoTime() at which that runs out. */
    final java.time.Duration timeout;
    final long deadlineNanos;

    /** For housekeeping actions: the one connection they belong to (they are never moved to another). */
    volatile Transport transport;

    /** Set just before the bytes go to the socket: from then on a loss means the outcome is unknown. */
    volatile boolean written;
    /** Whether it has been queued again after a reconnect. */
    volatile boolean resent;

    private Phase phase = Phase.RESPONSE;
    private Response response;
    private List<Event> items;
    /**
     * Items of a list begun and not yet complete, -1 otherwise. Written on the reader thread; read by the threads
     * that fail the action (deadline sweep, loss), so their message can say how far the list got.
     */
    private volatile int listed = -1;

    PendingAction(Action action, String id, String awaitedEvent, boolean internal, java.time.Duration timeout) {
        this.action = action;
        this.id = id;
        this.internal = internal;
        this.timeout = timeout;
        this.deadlineNanos = submittedNanos + timeout.toNanos();
        this.awaitedEvent = awaitedEvent;
        this.awaited = awaitedEvent == null ? null : new CompletableFuture<>();
    }

    /**
     * Takes a packet that carries this action's ActionID. Returns true if the packet belongs to this action
     * alone (the response, a list item, the list's end) and must not reach event subscribers.
     */
    boolean accept(Packet packet, long sequence) {
        switch (phase) {
            case RESPONSE:
                if (packet.kind() != Packet.Kind.RESPONSE) {
                    checkAwaited(packet, sequence);
                    return false;
                }
                onResponse(new Response(packet, sequence));
                return true;
            case LIST:
                if (packet.kind() != Packet.Kind.EVENT) {
                    return false;
                }
                Event event = new Event(packet, sequence);
                int i = packet.indexOf("EventList");
                if (i >= 0 && packet.valueEqualsIgnoreCase(i, "Complete")) {
                    phase = awaited != null ? Phase.AWAIT_EVENT : Phase.DONE;
                    listed = -1;
                    result.complete(new EventList(response, items, event));
                } else {
                    items.add(event);
                    listed = items.size();
                }
                return true;
            case AWAIT_EVENT:
                checkAwaited(packet, sequence);
                return false;
            default:
                return false;
        }
    }

    private void onResponse(Response r) {
        if (r.isError()) {
            phase = Phase.DONE;
            fail(new ActionFailedException(action.name(), r));
            return;
        }
        if (r.startsEventList()) {
            response = r;
            items = new ArrayList<>();
            phase = Phase.LIST;
            listed = 0;
            return;
        }
        phase = awaited != null ? Phase.AWAIT_EVENT : Phase.DONE;
        result.complete(new EventList(r, List.of(), null));
    }

    private void checkAwaited(Packet packet, long sequence) {
        if (awaited != null && packet.kind() == Packet.Kind.EVENT && packet.valueEqualsIgnoreCase(0, awaitedEvent)) {
            phase = Phase.DONE;
            awaited.complete(new Event(packet, sequence));
        }
    }

    /**
     * For the message of a failure: ", in the middle of its list after N items" while a list is being received,
     * else "". A caller whose list was cut short learns that the server had begun answering, and how far it got.
     */
    String listProgress() {
        int n = listed;
        return n < 0 ? "" : ", in the middle of its list after " + n + (n == 1 ? " item" : " items");
    }

    /** Whether the answer came and only the follow-up event is still awaited. */
    boolean awaitingEventOnly() {
        return phase == Phase.AWAIT_EVENT;
    }

    /** Whether writing it now would be pointless (already answered, failed or expired). */
    boolean isSettled() {
        return result.isDone() && (awaited == null || awaited.isDone());
    }

    /**
     * Prepares a written, resendable action for a new connection: forgets a partial list. Called on the old
     * connection's reader thread after it stopped, so no packet can race with it.
     */
    void resetForResend() {
        phase = Phase.RESPONSE;
        response = null;
        items = null;
        listed = -1;
        written = false;
        resent = true;
    }

    /** Whether nothing more is expected for this action, so it can leave the registry. */
    boolean isDone() {
        return phase == Phase.DONE;
    }

    /** Fails both futures (whichever are still open). */
    void fail(Throwable error) {
        phase = Phase.DONE;
        result.completeExceptionally(error);
        if (awaited != null) {
            awaited.completeExceptionally(error);
        }
    }

    /** Whether the deadline has passed at {@code nowNanos}. */
    boolean expiredAt(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    @Override
    public String toString() {
        return action.name() + " (ActionID " + id + ")";
    }
}
