package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.switchboard.live.AsteriskServer;
import io.switchboard.live.Bridge;
import io.switchboard.live.Channel;
import io.switchboard.live.ParkedCall;
import io.switchboard.live.Peer;
import io.switchboard.live.Queue;
import io.switchboard.live.QueueEntry;
import io.switchboard.live.QueueMember;
import io.switchboard.live.QueueStatistics;

import java.time.Duration;
import java.time.Instant;

/**
 * Read-only lists from the live model: bridges, peers, queues, parked calls. Each takes {@code ?server=}
 * and tags every object with its server.
 */
final class ModelApi {
    /** Asterisk's device state names by code (QueueMember Status), for readable member states. */
    private static final String[] DEVICE_STATES = {"UNKNOWN", "NOT_INUSE", "INUSE", "BUSY", "INVALID",
        "UNAVAILABLE", "RINGING", "RINGINUSE", "ONHOLD"};

    private final Servers servers;

    ModelApi(Servers servers) {
        this.servers = servers;
    }

    void bridges(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        servers.select(ctx.queryParam("server")).forEach((name, s) -> {
            for (Bridge b : s.bridges()) {
                ObjectNode n = out.addObject();
                n.put("server", name);
                n.put("id", b.id());
                n.put("technology", b.technology());
                n.put("type", b.type());
                n.put("name", b.name());
                n.put("creator", b.creator());
                ArrayNode channels = n.putArray("channels");
                b.channels().forEach(c -> channels.add(c.uniqueid()));
                n.put("createdAt", b.createdAt().toString());
            }
        });
        Json.write(ctx, 200, out);
    }

    /**
     * Peers are read from Asterisk on each call (PJSIPShowEndpoints/Contacts, IAXpeers), so only from servers
     * that are connected now: one that is down is left out (503 when named) instead of holding the request.
     */
    void peers(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        servers.selectReady(ctx.queryParam("server")).forEach((name, s) -> {
            for (Peer p : s.peers()) {
                ObjectNode n = out.addObject();
                n.put("server", name);
                n.put("technology", p.technology());
                n.put("name", p.name());
                n.put("status", p.status());
                n.put("address", p.address());
                n.put("port", p.port());
                n.put("reachable", p.reachable());
                n.put("deviceState", p.pjsipEndpoint().map(e -> e.deviceState()).orElse(""));
            }
        });
        Json.write(ctx, 200, out);
    }

    void queues(Context ctx) {
        Instant now = Instant.now();
        ArrayNode out = Json.MAPPER.createArrayNode();
        servers.select(ctx.queryParam("server")).forEach((name, s) -> {
            for (Queue q : s.queues()) {
                out.add(queue(name, q, now));
            }
        });
        Json.write(ctx, 200, out);
    }

    private static ObjectNode queue(String server, Queue q, Instant now) {
        QueueStatistics st = q.statistics();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", server);
        n.put("name", q.name());
        n.put("strategy", st.strategy());
        long longest = 0;
        ArrayNode callers = n.putArray("callers");
        for (QueueEntry e : q.entries()) {
            Channel c = e.channel();
            long wait = Math.max(0, Duration.between(e.since(), now).toSeconds());
            longest = Math.max(longest, wait);
            ObjectNode caller = callers.addObject();
            caller.put("position", e.position());
            caller.put("channel", c.name());
            caller.put("uniqueid", c.uniqueid());
            caller.put("callerIdNumber", c.snapshot().callerId().number());
            caller.put("callerIdName", c.snapshot().callerId().name());
            caller.put("waitSeconds", wait);
        }
        ArrayNode members = n.putArray("members");
        for (QueueMember m : q.members()) {
            ObjectNode member = members.addObject();
            member.put("name", m.name());
            member.put("interface", m.iface());
            member.put("status", m.status() >= 0 && m.status() < DEVICE_STATES.length ? DEVICE_STATES[m.status()]
                    : "UNKNOWN");
            member.put("statusCode", m.status());
            member.put("paused", m.paused());
            member.put("inCall", m.inCall());
            member.put("callsTaken", m.callsTaken());
        }
        n.put("longestWaitSeconds", longest);
        n.put("completed", st.completed());
        n.put("abandoned", st.abandoned());
        n.put("holdTimeSeconds", st.holdTime());
        return n;
    }

    void parked(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        servers.select(ctx.queryParam("server")).forEach((name, s) -> addParked(out, name, s));
        Json.write(ctx, 200, out);
    }

    private static void addParked(ArrayNode out, String name, AsteriskServer s) {
        for (ParkedCall p : s.parkedCalls()) {
            ObjectNode n = out.addObject();
            n.put("server", name);
            n.put("lot", p.parkingLot());
            n.put("space", p.space());
            n.put("channel", p.channel().name());
            n.put("uniqueid", p.channel().uniqueid());
            n.put("parkedAt", p.parkedAt().toString());
            n.put("timeoutSeconds", p.timeoutSeconds());
        }
    }
}
