package io.switchboard.ami;

import java.util.List;
import java.util.Objects;

/**
 * The answer to one action ({@code Response: Success|Error|Goodbye|...}). A response that ended a
 * {@link AmiClient#sendAsync} with an error status is reported as {@link ActionFailedException} instead, which
 * carries this object.
 */
public final class Response implements Message {
    private final Packet packet;
    private final long sequence;

    /** Wraps a packet whose first header is {@code Response} (sequence 0: not received by a client). */
    public Response(Packet packet) {
        this(packet, 0);
    }

    /** Wraps a packet received as the {@code sequence}-th packet of a client (see {@link Event#sequence()}). */
    public Response(Packet packet, long sequence) {
        this.packet = Objects.requireNonNull(packet, "packet");
        if (packet.kind() != Packet.Kind.RESPONSE) {
            throw new IllegalArgumentException("not a response packet: " + packet);
        }
        this.sequence = sequence;
    }

    /** Where this response came in the client's receive order, as for {@link Event#sequence()}; 0 if made in code. */
    public long sequence() {
        return sequence;
    }

    @Override
    public Packet packet() {
        return packet;
    }

    /** The value of the {@code Response} header: {@code Success}, {@code Error}, {@code Goodbye}, ... */
    public String status() {
        return packet.name();
    }

    /** Whether the status is {@code Success} (or {@code Goodbye}, the answer to Logoff). */
    public boolean isSuccess() {
        return packet.valueEqualsIgnoreCase(0, "Success") || packet.valueEqualsIgnoreCase(0, "Goodbye")
                || packet.valueEqualsIgnoreCase(0, "Follows");
    }

    /** Whether the status is {@code Error}. */
    public boolean isError() {
        return packet.valueEqualsIgnoreCase(0, "Error");
    }

    /** The {@code Message} header, or {@code null}. */
    public String message() {
        return packet.get("Message");
    }

    /** Whether this response opens an event list ({@code EventList: start}, any case). */
    public boolean startsEventList() {
        int i = packet.indexOf("EventList");
        return i >= 0 && packet.valueEqualsIgnoreCase(i, "start");
    }

    /** The CLI output of a {@code Command} action: the {@code Output} headers, one per line. */
    public List<String> output() {
        return packet.getAll("Output");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Response r && r.packet.equals(packet);
    }

    @Override
    public int hashCode() {
        return packet.hashCode();
    }

    @Override
    public String toString() {
        return "Response" + packet.toString().substring("Packet".length());
    }
}
