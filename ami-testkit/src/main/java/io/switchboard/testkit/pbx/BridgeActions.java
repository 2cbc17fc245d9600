package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BridgeList and BridgeInfo ({@code manager_bridges.c}), the Bridge action ({@code features.c}) and PlayDTMF
 * ({@code app_senddtmf.c}), with the reply layouts and error texts of Asterisk 22.
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

    /**
     * Bridge Channel1 Channel2 [Tone]: both channels leave what they are doing (their bridge or dialplan
     * application) and meet in a new basic bridge (BridgeCreate, BridgeEnter for Channel1 then Channel2). As
     * {@code ast_channel_get_by_name_prefix}, a name may be a prefix of the channel's. When the bridge breaks up,
     * the party left continues in the dialplan at the priority after the one it was at (Asterisk's after-bridge
     * "go on"). Tone is accepted and plays nothing.
     */
    void bridge(Packet a, Reply reply) {
        String one = a.get("Channel1");
        String two = a.get("Channel2");
        if (one == null || one.isEmpty() || two == null || two.isEmpty()) {
            reply.error("Missing channel parameter in request");
            return;
        }
        SimChannel a1 = findPrefix(one);
        if (a1 == null) {
            reply.error("Channel1 does not exist: " + one);
            return;
        }
        SimChannel b1 = findPrefix(two);
        if (b1 == null) {
            reply.error("Channel2 does not exist: " + two);
            return;
        }
        if (a1 == b1) {
            reply.error("Unable to add Channel2 to bridge: " + b1.name);
            return;
        }
        reply.success("Channels have been bridged");
        for (SimChannel c : List.of(a1, b1)) {
            pbx.calls.unbridge(c);
            pbx.calls.interrupt(c);
        }
        if (!a1.alive || !b1.alive) {
            return;
        }
        Bridge b = pbx.calls.newBridge("basic", "simple_bridge", null, null, false);
        for (SimChannel c : List.of(a1, b1)) {
            pbx.calls.enterBridge(b, c);
            String context = c.context;
            String exten = c.exten;
            int priority = c.priority + 1;
            int token = c.runToken;
            c.afterBridge = selfHangup -> {
                if (!selfHangup && c.alive && c.runToken == token) {
                    pbx.runner.jump(c, context, exten, priority);
                }
            };
        }
        pbx.calls.setBridgePeers(b);
    }

    /** A channel by name or Uniqueid, else the first whose name starts with {@code name} (case-insensitive). */
    private SimChannel findPrefix(String name) {
        SimChannel c = pbx.find(name);
        if (c != null) {
            return c;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (SimChannel ch : pbx.channels.values()) {
            if (ch.name.toLowerCase(Locale.ROOT).startsWith(lower)) {
                return ch;
            }
        }
        return null;
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
