package io.switchboard.testkit.pbx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Call mechanics shared by every way a call starts: creating Local pairs and simulated endpoint channels,
 * dialling them, answer propagation between Local halves, and the hangup cascade (HangupRequest to the other
 * half, SoftHangupRequest for channels running the dialplan, bridge teardown, Cdr, device states).
 */
final class Calls {
    private final Pbx pbx;
    private final Events ev;

    Calls(Pbx pbx) {
        this.pbx = pbx;
        this.ev = pbx.ev;
    }

    // ---- channel creation ----

    /**
     * Creates {@code Local/exten@context-XXXXXXXX;1} (Down) and {@code ;2} (Ring) and announces them.
     * Assigned ids follow chan_local: ;2 gets {@code <id1>;2} when only the first id is given.
     */
    SimChannel[] newLocalPair(String exten, String context, String linkedid, String id1, String id2) {
        String seq = pbx.nextLocalId();
        String base = "Local/" + exten + "@" + context + "-" + seq;
        String device = "Local/" + exten + "@" + context;
        String u1 = id1 != null ? id1 : pbx.newUniqueid();
        String u2 = id2 != null ? id2 : id1 != null ? id1 + ";2" : pbx.newUniqueid();
        long now = pbx.nowMillis();
        SimChannel one = new SimChannel(base + ";1", u1, "Local", device, ChanState.DOWN, now);
        SimChannel two = new SimChannel(base + ";2", u2, "Local", device, ChanState.RING, now);
        for (SimChannel c : new SimChannel[] {one, two}) {
            c.linkedid = linkedid != null ? linkedid : u1;
            c.context = context;
            c.exten = exten;
            c.priority = 1;
        }
        one.half = 1;
        two.half = 2;
        one.localPeer = two;
        two.localPeer = one;
        pbx.register(one);
        pbx.register(two);
        ev.channelEvent("Newchannel", one);
        ev.channelEvent("Newchannel", two);
        return new SimChannel[] {one, two};
    }

    /** A simulated endpoint channel such as {@code PJSIP/alice-00000000}. */
    SimChannel newEndpoint(String tech, String resource, String linkedid, String id) {
        String uid = id != null ? id : pbx.newUniqueid();
        SimChannel c = new SimChannel(tech + "/" + resource + "-" + pbx.nextTechId(tech), uid, tech,
                tech + "/" + resource, ChanState.DOWN, pbx.nowMillis());
        c.linkedid = linkedid != null ? linkedid : uid;
        c.context = "default";
        c.exten = "s";
        pbx.register(c);
        ev.channelEvent("Newchannel", c);
        return c;
    }

    /** Technologies that behave as answering endpoints (anything else but Local is an unknown technology). */
    static boolean isEndpointTech(String tech) {
        return switch (tech.toUpperCase(Locale.ROOT)) {
            case "PJSIP", "SIP", "IAX2", "DAHDI" -> true;
            default -> false;
        };
    }

    // ---- dialling ----

    /** Places the call: the Local ;2 half starts its dialplan, an endpoint rings and answers (or not). */
    void dial(Outbound o, double timeoutSeconds) {
        SimChannel one = o.chan;
        if (timeoutSeconds > 0) {
            o.timer = pbx.schedule(timeoutSeconds, () -> {
                if (!o.done) {
                    fail(o, o.chan.state == ChanState.RINGING ? 3 : 0, "NOANSWER");
                }
            });
        }
        one.outbound = o;
        if (one.half == 1) {
            SimChannel two = one.localPeer;
            if (!pbx.dialplan.exists(two.context, two.exten)) {
                // chan_local refuses the call: both halves vanish without ever being bridged.
                o.done = true;
                one.outbound = null;
                cancel(o);
                vanish(two);
                vanish(one);
                ev.deviceState(one.device, pbx.deviceState(one.device));
                ev.deviceState(one.device, pbx.deviceState(one.device));
                one.pairReported = true;
                o.listener.failed(o, 0, "CHANUNAVAIL");
                return;
            }
            ev.localBridge(one, two);
            ev.dialBegin(o.caller, one, o.dialString);
            pbx.runner.startPbx(two);
            return;
        }
        ev.dialBegin(o.caller, one, o.dialString);
        String who = one.device.substring(one.device.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (who.startsWith("busy")) {
            one.cause = 17;
            pbx.schedule(0.2, () -> fail(o, 5, "BUSY"));
        } else if (who.startsWith("congest")) {
            one.cause = 34;
            pbx.schedule(0.2, () -> fail(o, 8, "CONGESTION"));
        } else if (who.startsWith("offline") || who.startsWith("unavail")) {
            one.cause = 20;
            pbx.schedule(0.2, () -> fail(o, 0, "CHANUNAVAIL"));
        } else {
            pbx.schedule(0.1, () -> ring(one));
            if (!who.startsWith("noanswer")) {
                pbx.schedule(1.0, () -> answer(one));
            }
        }
    }

    private void ring(SimChannel c) {
        if (c.alive && c.state != ChanState.UP) {
            setState(c, ChanState.RINGING);
        }
    }

    private void cancel(Outbound o) {
        if (o.timer != null) {
            o.timer.cancel(false);
        }
    }

    /** A channel that disappears before it ever did anything: only its Hangup is seen. */
    private void vanish(SimChannel c) {
        c.alive = false;
        ev.hangup(c, 0);
        pbx.unregister(c);
    }

    void setState(SimChannel c, ChanState state) {
        if (c.state == state) {
            return;
        }
        c.state = state;
        ev.channelEvent("Newstate", c);
        if (state == ChanState.UP || state == ChanState.BUSY || state == ChanState.RINGING) {
            ev.deviceState(c.device, pbx.deviceState(c.device));
        }
    }

    /** Answers a channel; a Local ;2 half answering answers its ;1 half, which completes the dial. */
    void answer(SimChannel c) {
        if (!c.alive || c.state == ChanState.UP) {
            return;
        }
        c.answeredMillis = pbx.nowMillis();
        setState(c, ChanState.UP);
        if (c.half == 2 && c.localPeer != null && c.localPeer.alive) {
            answer(c.localPeer);
        }
        Outbound o = c.outbound;
        if (o != null && !o.done) {
            o.done = true;
            c.outbound = null;
            cancel(o);
            o.listener.answering(o);
            ev.dialEnd(o.caller, c, "ANSWER");
            o.listener.answered(o);
        }
    }

    /** Busy()/Congestion() on a Local ;2 half: the dial of its ;1 half fails with that reason. */
    void remoteFailure(SimChannel two, int reason, String status) {
        SimChannel one = two.localPeer;
        if (one != null && one.outbound != null && !one.outbound.done) {
            fail(one.outbound, reason, status);
        }
    }

    /** The dialler gives up on an attempt: DialEnd, then it hangs up its outgoing channel. */
    void fail(Outbound o, int reason, String status) {
        if (o.done) {
            return;
        }
        o.done = true;
        o.chan.outbound = null;
        cancel(o);
        ev.dialEnd(o.caller, o.chan, status);
        if (o.chan.alive) {
            hangup(o.chan, 0);
        }
        o.listener.failed(o, reason, status);
    }

    // ---- hangup ----

    /** Stops what the channel is doing: its timer, and the cleanup of the application in progress. */
    void interrupt(SimChannel c) {
        c.runToken++;
        if (c.pending != null) {
            c.pending.cancel(false);
            c.pending = null;
        }
        Runnable cleanup = c.onInterrupt;
        c.onInterrupt = null;
        if (cleanup != null) {
            cleanup.run();
        }
    }

    /**
     * Hangs a channel up and lets the consequences follow: the other Local half gets a HangupRequest and hangs
     * up too, a bridge partner is released, pending dials end.
     */
    void hangup(SimChannel c, int cause) {
        if (!c.alive) {
            return;
        }
        c.alive = false;
        interrupt(c);
        if (c.pbx) {
            // The PBX of a channel being torn down reports the soft hangup that stops it (flag 16).
            ev.softHangupRequest(c, 16);
        }
        int myCause = c.cause >= 0 ? c.cause : cause;
        c.cause = myCause;
        SimChannel peer = c.localPeer;
        boolean peerAlive = peer != null && peer.alive;
        if (peerAlive) {
            ev.hangupRequest(peer, myCause);
        }
        Outbound unanswered = null;
        if (c.outbound != null && !c.outbound.done) {
            unanswered = c.outbound;
            unanswered.done = true;
            c.outbound = null;
            cancel(unanswered);
            ev.dialEnd(unanswered.caller, c, Text.dialStatusFor(myCause));
        }
        Bridge bridge = c.bridge;
        if (bridge != null) {
            leaveBridge(c);
            if (c.afterBridge != null) {
                var after = c.afterBridge;
                c.afterBridge = null;
                after.accept(true);
            }
        }
        ev.hangup(c, myCause);
        ev.cdr(c, pbx.nowMillis());
        pbx.unregister(c);
        if (c.half == 0) {
            ev.deviceState(c.device, pbx.deviceState(c.device));
        }
        if (unanswered != null) {
            unanswered.listener.failed(unanswered, 0, Text.dialStatusFor(myCause));
        }
        if (peerAlive && !peer.hangupPending) {
            hangup(peer, myCause);
        }
        if (c.half != 0 && !c.pairReported && (peer == null || !peer.alive)) {
            c.pairReported = true;
            if (peer != null) {
                peer.pairReported = true;
            }
            ev.deviceState(c.device, pbx.deviceState(c.device));
            ev.deviceState(c.device, pbx.deviceState(c.device));
        }
        if (bridge != null) {
            afterLeave(bridge);
        }
    }

    /**
     * CLI {@code channel request hangup}: every target gets SoftHangupRequest (flag 32, explicit) at once, then
     * each is torn down. Channels outside bridges go first, as their own threads notice the request before a
     * bridge does; this reproduces the order the queue and parking recordings show.
     */
    void requestHangup(List<SimChannel> targets) {
        List<SimChannel> live = new ArrayList<>();
        for (SimChannel c : targets) {
            if (c.alive) {
                ev.softHangupRequest(c, 32);
                c.hangupPending = true;
                live.add(c);
            }
        }
        List<SimChannel> order = new ArrayList<>();
        for (SimChannel c : live) {
            if (c.bridge == null) {
                order.add(c);
            }
        }
        for (SimChannel c : live) {
            if (c.bridge != null) {
                order.add(c);
            }
        }
        for (SimChannel c : order) {
            c.hangupPending = false;
            if (c.alive) {
                hangup(c, c.bridge != null ? 16 : 0);
            }
        }
    }

    // ---- bridges ----

    Bridge newBridge(String type, String technology, String creator, String name, boolean persistent) {
        Bridge b = new Bridge(pbx.newBridgeId(), type, technology, creator, name, persistent);
        pbx.bridges.put(b.uniqueid, b);
        ev.bridgeEvent("BridgeCreate", b, null);
        return b;
    }

    void enterBridge(Bridge b, SimChannel c) {
        b.members.add(c);
        c.bridge = b;
        ev.bridgeEvent("BridgeEnter", b, c);
    }

    /** BRIDGEPEER for both parties of a two-party basic bridge, as the bridging core sets it. */
    void setBridgePeers(Bridge b) {
        if (b.members.size() == 2) {
            SimChannel a = b.members.get(0);
            SimChannel z = b.members.get(1);
            a.setVar("BRIDGEPEER", z.name);
            ev.varSet(a, "BRIDGEPEER", z.name);
            z.setVar("BRIDGEPEER", a.name);
            ev.varSet(z, "BRIDGEPEER", a.name);
        }
    }

    void leaveBridge(SimChannel c) {
        Bridge b = c.bridge;
        if (b == null) {
            return;
        }
        if (b.type.equals("basic") && b.members.size() == 2) {
            for (SimChannel m : b.members) {
                m.setVar("BRIDGEPEER", "");
                ev.varSet(m, "BRIDGEPEER", "");
            }
        }
        b.members.remove(c);
        c.bridge = null;
        ev.bridgeEvent("BridgeLeave", b, c);
    }

    /** Takes a channel out of its bridge (Redirect) and lets the bridge react. */
    void unbridge(SimChannel c) {
        Bridge b = c.bridge;
        if (b != null) {
            leaveBridge(c);
            c.afterBridge = null;
            afterLeave(b);
        }
    }

    /** After someone left: a basic bridge with one party left ends, and that party goes on (or hangs up). */
    private void afterLeave(Bridge b) {
        if (b.persistent) {
            return;
        }
        if (b.members.size() == 1) {
            SimChannel other = b.members.get(0);
            if (other.hangupPending || !other.alive) {
                return;
            }
            leaveBridge(other);
            pbx.bridges.remove(b.uniqueid);
            ev.bridgeEvent("BridgeDestroy", b, null);
            var after = other.afterBridge;
            other.afterBridge = null;
            if (after != null) {
                after.accept(false);
            } else {
                hangup(other, 16);
            }
            return;
        }
        if (b.members.isEmpty()) {
            pbx.bridges.remove(b.uniqueid);
            ev.bridgeEvent("BridgeDestroy", b, null);
        }
    }
}
