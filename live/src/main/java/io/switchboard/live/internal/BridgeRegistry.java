package io.switchboard.live.internal;

import io.switchboard.ami.Event;
import io.switchboard.live.Bridge;
import io.switchboard.live.Channel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridges of the model: BridgeCreate/Enter/Leave/Destroy/Merge events, and BridgeList plus the channels'
 * BridgeId on a resync. Mutated under the model lock.
 */
final class BridgeRegistry {
    private final ChannelRegistry channels;
    private final Map<String, LiveBridge> bridges = new ConcurrentHashMap<>();

    BridgeRegistry(ChannelRegistry channels) {
        this.channels = channels;
    }

    List<Bridge> list() {
        return List.copyOf(bridges.values());
    }

    LiveBridge get(String id) {
        return bridges.get(id);
    }

    void onEvent(Event e) {
        switch (e.name().toLowerCase(Locale.ROOT)) {
            case "bridgecreate" -> describe(bridge(e, ""), e, "");
            case "bridgeenter" -> {
                LiveBridge b = bridge(e, "");
                describe(b, e, "");
                String uid = e.get("Uniqueid");
                if (uid != null && !b.members.contains(uid) && !channels.isGone(uid)) {
                    b.members.add(uid);
                }
                String swap = e.get("SwapUniqueid");
                if (swap != null) {
                    b.members.remove(swap);
                }
            }
            case "bridgeleave" -> {
                LiveBridge b = bridges.get(Headers.text(e, "BridgeUniqueid"));
                if (b != null) {
                    b.members.remove(e.get("Uniqueid"));
                    b.touchedAt = channels.seq();
                }
            }
            case "bridgedestroy" -> {
                LiveBridge b = bridges.remove(Headers.text(e, "BridgeUniqueid"));
                if (b != null) {
                    b.destroyed();
                }
            }
            case "bridgemerge" -> {
                // Only announces the merge: Asterisk then moves the source's channels one by one (BridgeLeave,
                // BridgeEnter), leaves kicked, leaving and immovable ones out, and destroys the source bridge
                // later with its own BridgeDestroy. Moving every member here would put kicked transferers into
                // the destination for good, since their BridgeLeave names the source.
                describe(bridge(e, "To"), e, "To");
                LiveBridge from = bridges.get(Headers.text(e, "FromBridgeUniqueid"));
                if (from != null) {
                    from.touchedAt = channels.seq();
                }
            }
            default -> {
                // not a bridge event
            }
        }
    }

    /** A channel ended: it is in no bridge any more. */
    void channelEnded(String uniqueid) {
        for (LiveBridge b : bridges.values()) {
            b.members.remove(uniqueid);
        }
    }

    private LiveBridge bridge(Event e, String prefix) {
        String id = Headers.text(e, prefix + "BridgeUniqueid");
        LiveBridge b = bridges.computeIfAbsent(id, k -> new LiveBridge(k, channels));
        b.touchedAt = channels.seq();
        return b;
    }

    private static void describe(LiveBridge b, Event e, String prefix) {
        b.describe(Headers.text(e, prefix + "BridgeType"), Headers.text(e, prefix + "BridgeTechnology"),
                Headers.text(e, prefix + "BridgeCreator"), Headers.text(e, prefix + "BridgeName"));
    }

    /**
     * Rebuilds from a BridgeList (null if the server could not list bridges) and the channels' bridge ids; keeps
     * bridges an event touched after {@code sinceSeq}.
     */
    void merge(List<Event> bridgeList, long sinceSeq) {
        Set<String> listed = new HashSet<>();
        if (bridgeList != null) {
            for (Event item : bridgeList) {
                String id = Headers.text(item, "BridgeUniqueid");
                if (id.isEmpty()) {
                    continue;
                }
                listed.add(id);
                LiveBridge b = bridges.computeIfAbsent(id, k -> new LiveBridge(k, channels));
                if (b.touchedAt <= sinceSeq) {
                    describe(b, item, "");
                }
            }
        }
        // Membership comes from the channels (CoreShowChannel's BridgeId), already merged.
        Map<String, List<String>> members = new java.util.LinkedHashMap<>();
        for (Channel c : channels.list()) {
            String id = c.snapshot().bridgeId();
            if (!id.isEmpty()) {
                members.computeIfAbsent(id, k -> new ArrayList<>()).add(c.uniqueid());
                listed.add(id);
            }
        }
        for (Map.Entry<String, List<String>> m : members.entrySet()) {
            LiveBridge b = bridges.computeIfAbsent(m.getKey(), k -> new LiveBridge(k, channels));
            if (b.touchedAt <= sinceSeq) {
                b.members.retainAll(m.getValue());
                for (String uid : m.getValue()) {
                    if (!b.members.contains(uid)) {
                        b.members.add(uid);
                    }
                }
            }
        }
        for (LiveBridge b : new ArrayList<>(bridges.values())) {
            if (b.touchedAt <= sinceSeq && !members.containsKey(b.id())) {
                b.members.clear();
            }
            if (!listed.contains(b.id()) && b.touchedAt <= sinceSeq) {
                bridges.remove(b.id());
                b.destroyed();
            }
        }
    }
}
