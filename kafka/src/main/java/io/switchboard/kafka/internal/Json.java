package io.switchboard.kafka.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import java.time.Instant;
import java.util.Map;

/** The JSON shapes the publisher writes. Event messages have the gateway WebSocket's shape plus receivedAt. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code {"server","seq","event","receivedAt","headers":[[k,v],...]}}; every header, in order. */
    public static byte[] event(String server, Event e, Instant receivedAt) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("server", server);
        n.put("seq", e.sequence());
        n.put("event", e.name());
        n.put("receivedAt", receivedAt.toString());
        ArrayNode headers = n.putArray("headers");
        Packet p = e.packet();
        for (int i = 0; i < p.size(); i++) {
            headers.addArray().add(p.key(i)).add(p.value(i));
        }
        return bytes(n);
    }

    /** {@code {"server","state","at","attempt","gapStart"?,"error"?}}; the error is the cause's class only. */
    public static byte[] status(String server, ConnectionEvent c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("server", server);
        n.put("state", c.type().name());
        n.put("at", c.at().toString());
        n.put("attempt", c.attempt());
        if (c.gapStart() != null) {
            n.put("gapStart", c.gapStart().toString());
        }
        if (c.cause() != null) {
            // The class, not the message: messages of connection errors may carry hosts or account names.
            n.put("error", c.cause().getClass().getSimpleName());
        }
        return bytes(n);
    }

    /** The record as an object, with {@code server} and {@code uniqueid} set. */
    public static byte[] cdr(String server, String uniqueid, Map<String, ?> record) {
        JsonNode tree = MAPPER.valueToTree(record);
        return cdr(server, uniqueid, tree);
    }

    /** The record (a JSON object), with {@code server} and {@code uniqueid} set. */
    public static byte[] cdr(String server, String uniqueid, JsonNode record) {
        if (!(record instanceof ObjectNode obj)) {
            throw new IllegalArgumentException("a call record must be a JSON object, not " + record.getNodeType());
        }
        ObjectNode n = obj.deepCopy();
        n.put("server", server);
        n.put("uniqueid", uniqueid);
        return bytes(n);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
