package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds server packets as wire bytes, header by header, without {@link Packet.Builder}'s checks: values echoed
 * from a client (ActionID, UserEvent lines) are written as Asterisk writes them, even when they hold a stray CR.
 */
final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    /** Starts a reply: {@code Response: <status>} and, when the request has a non-empty ActionID, that ID (§7.2). */
    static Wire response(String status, Packet request) {
        return response(status, request.actionId());
    }

    /** Starts a reply with this ActionID (omitted when null or empty). */
    static Wire response(String status, String id) {
        Wire w = new Wire().add("Response", status);
        if (id != null && !id.isEmpty()) {
            w.add("ActionID", id);
        }
        return w;
    }

    /** A complete {@code Response: Success} reply with a Message. */
    static byte[] success(Packet request, String message) {
        return response("Success", request).add("Message", message).end();
    }

    /** A complete {@code Response: Error} reply with a Message. */
    static byte[] error(Packet request, String message) {
        return response("Error", request).add("Message", message).end();
    }

    /** Starts an event: {@code Event: <name>}, {@code Privilege: <labels>,all}. */
    static Wire event(String name, int eventClass) {
        return new Wire().add("Event", name).add("Privilege", Perms.privilege(eventClass));
    }

    Wire add(String key, String value) {
        return line(key + ": " + value);
    }

    /** Appends a line of raw bytes (CRLF added). */
    Wire line(byte[] b) {
        out.write(b, 0, b.length);
        out.write('\r');
        out.write('\n');
        return this;
    }

    /** Appends a raw line (CRLF added). */
    Wire line(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        out.write('\r');
        out.write('\n');
        return this;
    }

    /** Ends the packet with the empty line and returns its bytes. */
    byte[] end() {
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}
