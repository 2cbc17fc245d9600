package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.ami.Header;
import io.switchboard.live.CallerId;
import io.switchboard.live.Channel;
import io.switchboard.live.ChannelSnapshot;

import java.util.List;

/** JSON views of model objects, each tagged with its server. */
final class Views {
    private Views() {
    }

    static ObjectNode channel(String server, Channel c) {
        ChannelSnapshot s = c.snapshot();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", server);
        n.put("name", s.name());
        n.put("uniqueid", s.uniqueid());
        n.put("linkedid", s.linkedid());
        n.put("state", s.state().name());
        n.put("stateCode", s.state().code());
        callerId(n.putObject("callerId"), s.callerId());
        callerId(n.putObject("connectedLine"), s.connectedLine());
        n.put("context", s.context());
        n.put("exten", s.extension());
        n.put("priority", s.priority());
        n.put("application", s.application());
        n.put("applicationData", s.applicationData());
        n.put("bridgeId", s.bridgeId());
        n.put("accountCode", s.accountCode());
        n.put("createdAt", s.createdAt().toString());
        n.put("alive", c.isAlive());
        n.put("recording", c.isRecording());
        return n;
    }

    private static void callerId(ObjectNode n, CallerId id) {
        n.put("name", id.name());
        n.put("number", id.number());
    }

    /** Headers as {@code [[key, value], ...]}: order and repeated keys kept. */
    static ArrayNode headers(List<Header> headers) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Header h : headers) {
            a.addArray().add(h.key()).add(h.value());
        }
        return a;
    }
}
