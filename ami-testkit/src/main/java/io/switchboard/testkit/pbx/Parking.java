package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Call parking (res_parking's default lot: spaces 701-720, 45 s timeout): the Park application, the ParkedCall /
 * ParkedCallGiveUp / ParkedCallTimeOut events, and the ParkedCalls and Parkinglots actions.
 */
final class Parking {
    private static final String LOT = "default";
    private static final int FIRST = 701;
    private static final int LAST = 720;
    private static final int DEFAULT_TIMEOUT = 45;

    private static final class Parked {
        final SimChannel chan;
        final int space;
        final int timeout;
        final long since;
        final String comeback;

        Parked(SimChannel chan, int space, int timeout, long since, String comeback) {
            this.chan = chan;
            this.space = space;
            this.timeout = timeout;
            this.since = since;
            this.comeback = comeback;
        }
    }

    private final Pbx pbx;
    private final Map<Integer, Parked> spaces = new TreeMap<>();
    /** The lot's holding bridge: created on first use and kept, so it is never destroyed. */
    private Bridge bridge;

    Parking(Pbx pbx) {
        this.pbx = pbx;
    }

    /** Park([lot[,options]]): options t(seconds) for the timeout and c(context,exten,priority) for comeback. */
    void park(SimChannel c, String data, Runnable next) {
        List<String> args = Text.splitArgs(data, ',');
        String options = args.size() > 1 ? args.get(1) : "";
        int timeout = DEFAULT_TIMEOUT;
        String comeback = null;
        int t = options.indexOf("t(");
        if (t >= 0) {
            timeout = (int) Apps.seconds(options.substring(t + 2, options.indexOf(')', t)), DEFAULT_TIMEOUT);
        }
        int cb = options.indexOf("c(");
        if (cb >= 0) {
            comeback = options.substring(cb + 2, options.indexOf(')', cb));
        }
        int space = FIRST;
        while (spaces.containsKey(space) && space <= LAST) {
            space++;
        }
        if (space > LAST) {
            pbx.calls.hangup(c, 34);
            return;
        }
        pbx.calls.answer(c);
        if (bridge == null) {
            bridge = pbx.calls.newBridge("parking", "holding_bridge", "Parking", LOT, true);
        }
        Parked p = new Parked(c, space, timeout, pbx.nowMillis(), comeback);
        spaces.put(space, p);
        pbx.ev.emit(parkedEvent(pbx.ev.start("ParkedCall", "call"), p));
        pbx.ev.deviceState(device(space), "INUSE");
        pbx.calls.enterBridge(bridge, c);
        pbx.ev.musicOnHoldStart(c, "default");
        c.onInterrupt = () -> leave(p, "ParkedCallGiveUp");
        c.pending = pbx.schedule(timeout, () -> timeOut(p, next));
    }

    private void timeOut(Parked p, Runnable next) {
        SimChannel c = p.chan;
        if (!c.alive || spaces.get(p.space) != p) {
            return;
        }
        c.onInterrupt = null;
        c.pending = null;
        leave(p, "ParkedCallTimeOut");
        pbx.calls.leaveBridge(c);
        if (p.comeback != null) {
            List<String> a = Text.splitArgs(p.comeback, ',');
            if (a.size() == 3) {
                pbx.runner.jump(c, a.get(0), a.get(1), (int) Apps.seconds(a.get(2), 1));
                return;
            }
        }
        next.run();
    }

    /**
     * ParkedCall(lot,space): the retriever {@code c} picks up the call parked at that space (UnParkedCall), and
     * the two are bridged; an empty space lets the retriever go on in the dialplan with nothing to pick up.
     */
    void retrieve(SimChannel c, String data, Runnable next) {
        List<String> args = Text.splitArgs(data, ',');
        int space = args.size() > 1 ? (int) Apps.seconds(args.get(1), -1) : -1;
        Parked p = spaces.get(space);
        if (p == null || !p.chan.alive) {
            next.run();
            return;
        }
        SimChannel parkee = p.chan;
        pbx.calls.answer(c);
        // The parkee's Park application ends here: no give-up, no timeout.
        parkee.onInterrupt = null;
        pbx.calls.interrupt(parkee);
        spaces.remove(space);
        pbx.ev.channelEvent("MusicOnHoldStop", parkee);
        pbx.ev.deviceState(device(space), "NOT_INUSE");
        pbx.ev.emit(Events.channel(parkedEvent(pbx.ev.start("UnParkedCall", "call"), p), "Retriever", c));
        pbx.calls.leaveBridge(parkee);
        Bridge b = pbx.calls.newBridge("basic", "simple_bridge", null, null, false);
        pbx.calls.enterBridge(b, parkee);
        pbx.calls.enterBridge(b, c);
        pbx.calls.setBridgePeers(b);
    }

    /** The space a channel is parked at, or -1. */
    int spaceOf(SimChannel c) {
        for (Parked p : spaces.values()) {
            if (p.chan == c) {
                return p.space;
            }
        }
        return -1;
    }

    private void leave(Parked p, String event) {
        spaces.remove(p.space);
        pbx.ev.channelEvent("MusicOnHoldStop", p.chan);
        pbx.ev.deviceState(device(p.space), "NOT_INUSE");
        pbx.ev.emit(parkedEvent(pbx.ev.start(event, "call"), p));
    }

    private static String device(int space) {
        return "park:" + space + "@parkedcalls";
    }

    private Packet.Builder parkedEvent(Packet.Builder b, Parked p) {
        long parkedFor = (pbx.nowMillis() - p.since) / 1000;
        return Events.channel(b, "Parkee", p.chan)
                .add("ParkerDialString", p.chan.device)
                .add("Parkinglot", LOT)
                .add("ParkingSpace", Integer.toString(p.space))
                .add("ParkingTimeout", Long.toString(Math.max(0, p.timeout - parkedFor)))
                .add("ParkingDuration", Long.toString(parkedFor));
    }

    /**
     * The Park action: Channel [Parkinglot] [Timeout ms]. The channel leaves what it was doing (its bridge, its
     * application) and waits in the lot; on timeout it hangs up (no comeback context was given).
     */
    void parkAction(Packet a, Reply reply) {
        String name = a.get("Channel");
        if (name == null || name.isEmpty()) {
            reply.error("Channel not specified");
            return;
        }
        String lot = a.get("Parkinglot");
        if (lot != null && !lot.isEmpty() && !lot.equals(LOT)) {
            reply.error("Requested parking lot could not be found.");
            return;
        }
        SimChannel c = pbx.find(name);
        if (c == null) {
            reply.error("Channel does not exist: " + name);
            return;
        }
        int timeout = DEFAULT_TIMEOUT;
        String t = a.get("Timeout");
        if (t != null && !t.isEmpty()) {
            timeout = Math.max(1, (int) (Apps.seconds(t, DEFAULT_TIMEOUT * 1000.0) / 1000));
        }
        reply.success("Park successful");
        pbx.calls.unbridge(c);
        pbx.calls.interrupt(c);
        int token = c.runToken;
        park(c, LOT + ",t(" + timeout + ")", () -> {
            if (c.alive && c.runToken == token) {
                pbx.calls.hangup(c, 16);
            }
        });
    }

    void parkedCallsAction(Packet a, Reply reply) {
        String lot = a.get("ParkingLot");
        if (lot != null && !lot.isEmpty() && !lot.equals(LOT)) {
            reply.error("Requested parking lot could not be found.");
            return;
        }
        reply.listStart("Parked calls will follow");
        List<Parked> list = new ArrayList<>(spaces.values());
        for (Parked p : list) {
            reply.send(reply.idLast(parkedEvent(Packet.builder().add("Event", "ParkedCall"), p)));
        }
        reply.last(reply.complete("ParkedCallsComplete", list.size()).add("Total", Integer.toString(list.size())));
    }

    void parkinglotsAction(Reply reply) {
        reply.listStart("Parking lots will follow");
        reply.send(reply.item("Parkinglot").add("Name", LOT).add("StartSpace", Integer.toString(FIRST))
                .add("StopSpace", Integer.toString(LAST)).add("Timeout", Integer.toString(DEFAULT_TIMEOUT)));
        reply.last(reply.complete("ParkinglotsComplete", 1));
    }
}
