package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where an action's answer goes: the session's reply consumer, plus completion so that
 * {@link SimulatedPbx#handle} can return once everything was passed on. Also builds the standard reply shapes
 * ({@code astman_send_response_full}: Response, ActionID if non-empty, [EventList], Message).
 * Sending is synchronized because {@link SimulatedPbx#close} may answer a waiting action from another thread.
 */
final class Reply {
    private final Consumer<Packet> out;
    private final String actionId;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Completed once the action's dispatch returned and the events it raised were broadcast. */
    final CompletableFuture<Void> dispatched = new CompletableFuture<>();

    Reply(Consumer<Packet> out, Packet action) {
        this.out = out;
        String id = action.get("ActionID");
        this.actionId = id == null || id.isEmpty() ? null : id;
    }

    String actionId() {
        return actionId;
    }

    boolean finished() {
        return done.isDone();
    }

    synchronized void send(Packet p) {
        if (!finished()) {
            try {
                out.accept(p);
            } catch (RuntimeException e) {
                // The requesting session died: nothing more can be answered, and nobody may wait for it.
                finish();
                throw e;
            }
        }
    }

    void send(Packet.Builder b) {
        send(b.build());
    }

    void finish() {
        done.complete(null);
    }

    /** Sends one packet and finishes. */
    synchronized void last(Packet.Builder b) {
        send(b);
        finish();
    }

    /** {@code Response: <status>} and ActionID. */
    Packet.Builder response(String status) {
        Packet.Builder b = Packet.builder().add("Response", status);
        return withId(b);
    }

    Packet.Builder withId(Packet.Builder b) {
        if (actionId != null) {
            b.add("ActionID", actionId);
        }
        return b;
    }

    void success(String message) {
        last(response("Success").add("Message", message));
    }

    void error(String message) {
        last(response("Error").add("Message", message));
    }

    /** The list start: Response Success, ActionID, {@code EventList: start}, Message. */
    void listStart(String message) {
        send(response("Success").add("EventList", "start").add("Message", message));
    }

    /** An item event with ActionID as its second line (CoreShowChannel, Parkinglot...). */
    Packet.Builder item(String event) {
        return withId(Packet.builder().add("Event", event));
    }

    /** Appends ActionID as the last header, where the Status, Queue and ParkedCall items put it. */
    Packet.Builder idLast(Packet.Builder b) {
        return withId(b);
    }

    /** The {@code <X>Complete} event: ActionID, EventList Complete, ListItems. Extra headers may follow. */
    Packet.Builder complete(String event, int items) {
        return item(event).add("EventList", "Complete").add("ListItems", Integer.toString(items));
    }
}
