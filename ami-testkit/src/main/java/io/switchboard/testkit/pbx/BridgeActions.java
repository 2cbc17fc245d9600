package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.List;

/**
 * BridgeList and BridgeInfo ({@code manager_bridges.c}) and PlayDTMF ({@code app_senddtmf.c}), with the reply
 * layouts and error texts of Asterisk 22.
 */
final class BridgeActions {
    private final Pbx pbx;

    BridgeActions(Pbx pbx) {
        this.pbx = pbx;
    }

    /** BridgeList [BridgeType]: one BridgeListItem (the bridge block) per bridge. */
    void bridgeList(Packet a, Reply reply) {
        String type = a.get("BridgeType");
        List<Bridge> list = new ArrayList<>();
        for (Bridge b : pbx.bridges.values()) {
            if (type == null || type.isEmpty() || b.type.equalsIgnoreCase(type)) {
                list.add(b);
            }
        }
        reply.listStart("Bridge listing will follow");
        for (Bridge b : list) {
            reply.send(Events.bridge(reply.item("BridgeListItem"), b));
        }
        reply.last(reply.complete("BridgeListComplete", list.size()));
    }

    /** BridgeInfo BridgeUniqueid: one BridgeInfoChannel per member, then BridgeInfoComplete with the bridge. */
    void bridgeInfo(Packet a, Reply reply) {
        String id = a.get("BridgeUniqueid");
        if (id == null || id.isEmpty()) {
            reply.error("BridgeUniqueid must be provided");
            return;
        }
        Bridge b = pbx.bridges.get(id);
        if (b == null) {
            reply.error("Bridge not found");
            return;
        }
        reply.listStart("Bridge channel listing will follow");
        for (SimChannel c : b.members) {
            reply.send(Events.channel(reply.item("BridgeInfoChannel"), "", c));
        }
        reply.last(Events.bridge(reply.complete("BridgeInfoComplete", b.members.size()), b));
    }

    /** PlayDTMF Channel Digit [Duration]: DTMFBegin and DTMFEnd (Direction Sent) on the channel. */
    void playDtmf(Packet a, Reply reply) {
        String name = a.get("Channel");
        String digit = a.get("Digit");
        SimChannel c = pbx.find(name);
        if (c == null) {
            reply.error("Channel not found");
            return;
        }
        if (digit == null || digit.isEmpty()) {
            reply.error("No digit specified");
            return;
        }
        int duration = (int) Apps.seconds(a.get("Duration"), 100);
        reply.success("DTMF successfully queued");
        String d = digit.substring(0, 1);
        pbx.ev.emit(Events.channel(pbx.ev.start("DTMFBegin", "dtmf"), "", c).add("Digit", d)
                .add("Direction", "Sent"));
        pbx.ev.emit(Events.channel(pbx.ev.start("DTMFEnd", "dtmf"), "", c).add("Digit", d)
                .add("DurationMs", Integer.toString(duration)).add("Direction", "Sent"));
    }
}
