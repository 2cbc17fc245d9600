package io.switchboard.testkit.pbx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dial(Tech/resource[&...],timeout): rings every target, bridges the caller with the first that answers, and
 * sets the DIAL* variables the way app_dial does (cleared first, filled at answer and at the end).
 */
final class DialApp {
    private static final String[] TIMING_VARS = {
        "ANSWEREDTIME", "ANSWEREDTIME_MS", "DIALEDTIME", "DIALEDTIME_MS"};

    private final Pbx pbx;
    private final Events ev;

    DialApp(Pbx pbx) {
        this.pbx = pbx;
        this.ev = pbx.ev;
    }

    void run(SimChannel caller, String data, Runnable next) {
        List<String> args = Text.splitArgs(data, ',');
        double timeout = args.size() > 1 ? Apps.seconds(args.get(1), 0) : 0;
        for (String v : new String[] {"DIALSTATUS", "DIALEDPEERNUMBER", "DIALEDPEERNAME", "ANSWEREDTIME",
            "ANSWEREDTIME_MS", "DIALEDTIME", "DIALEDTIME_MS", "RINGTIME", "RINGTIME_MS", "PROGRESSTIME",
            "PROGRESSTIME_MS"}) {
            setVar(caller, v, "");
        }
        long started = pbx.nowMillis();
        List<Outbound> attempts = new ArrayList<>();
        String[] lastStatus = {"CHANUNAVAIL"};
        boolean[] answered = {false};
        Outbound.Listener listener = new Outbound.Listener() {
            @Override
            public void answering(Outbound call) {
                answered[0] = true;
                setVar(caller, "DIALSTATUS", "ANSWER");
                setVar(caller, "DIALEDPEERNAME", call.chan.name);
                setVar(caller, "DIALEDPEERNUMBER", call.dialString);
            }

            @Override
            public void answered(Outbound call) {
                for (Outbound other : attempts) {
                    if (other != call && !other.done) {
                        pbx.calls.fail(other, 0, "CANCEL");
                    }
                }
                connect(caller, call, started, next);
            }

            @Override
            public void failed(Outbound call, int reason, String status) {
                lastStatus[0] = status;
                if (answered[0]) {
                    return;
                }
                for (Outbound a : attempts) {
                    if (!a.done) {
                        return;
                    }
                }
                if (caller.alive && caller.bridge == null) {
                    caller.onInterrupt = null;
                    setVar(caller, "DIALSTATUS", lastStatus[0]);
                    next.run();
                }
            }
        };
        for (String target : args.get(0).split("&")) {
            Outbound o = place(caller, target.trim(), listener);
            if (o != null) {
                attempts.add(o);
            }
        }
        if (attempts.isEmpty()) {
            setVar(caller, "DIALSTATUS", "CHANUNAVAIL");
            next.run();
            return;
        }
        caller.onInterrupt = () -> {
            for (Outbound o : attempts) {
                if (!o.done) {
                    pbx.calls.fail(o, 0, "CANCEL");
                }
            }
        };
        for (Outbound o : attempts) {
            if (!o.done) {
                pbx.calls.dial(o, timeout);
            }
        }
    }

    /** Creates the outgoing channel(s) of one target and announces them; null for an unknown technology. */
    private Outbound place(SimChannel caller, String target, Outbound.Listener listener) {
        int slash = target.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String tech = target.substring(0, slash);
        String resource = target.substring(slash + 1);
        SimChannel out;
        if (tech.equalsIgnoreCase("Local")) {
            String[] where = Originator.localTarget(resource);
            SimChannel[] pair = pbx.calls.newLocalPair(where[0], where[1], caller.linkedid, null, null);
            out = pair[0];
            SimChannel two = pair[1];
            setVar(out, "DIALEDPEERNUMBER", resource);
            out.exten = caller.exten;
            out.context = caller.context;
            out.application = "AppDial";
            out.appData = "(Outgoing Line)";
            ev.newexten(out, "AppDial", "(Outgoing Line)");
            copyCallerId(caller, out);
            inherit(caller, out);
            setVar(two, "DIALEDPEERNUMBER", resource);
            copyCallerId(caller, two);
            inherit(caller, two);
        } else if (Calls.isEndpointTech(tech)) {
            out = pbx.calls.newEndpoint(tech, resource, caller.linkedid, null);
            setVar(out, "DIALEDPEERNUMBER", resource);
            copyCallerId(caller, out);
        } else {
            return null;
        }
        return new Outbound(out, caller, resource, listener);
    }

    private void connect(SimChannel caller, Outbound call, long started, Runnable next) {
        SimChannel callee = call.chan;
        callee.application = "AppDial";
        callee.appData = "(Outgoing Line)";
        ev.newexten(callee, "AppDial", "(Outgoing Line)");
        caller.onInterrupt = null;
        if (!caller.alive) {
            return;
        }
        long answeredAt = pbx.nowMillis();
        Bridge b = pbx.calls.newBridge("basic", "simple_bridge", null, null, false);
        pbx.calls.enterBridge(b, callee);
        pbx.calls.enterBridge(b, caller);
        pbx.calls.setBridgePeers(b);
        caller.afterBridge = selfHangup -> {
            long now = pbx.nowMillis();
            long talk = now - answeredAt;
            long dialed = now - started;
            String[] values = {Long.toString(talk / 1000), Long.toString(talk), Long.toString(dialed / 1000),
                Long.toString(dialed)};
            for (int i = 0; i < TIMING_VARS.length; i++) {
                setVar(caller, TIMING_VARS[i], values[i]);
            }
            setVar(caller, "DIALSTATUS", "ANSWER");
            if (!selfHangup) {
                // Without the g option, Dial ends the caller's dialplan when the callee hangs up.
                pbx.calls.hangup(caller, 16);
            }
        };
    }

    private void copyCallerId(SimChannel from, SimChannel to) {
        to.cidNum = from.cidNum;
        to.cidName = from.cidName;
        ev.newCallerid(to);
        to.connNum = from.cidNum;
        to.connName = from.cidName;
        ev.channelEvent("NewConnectedLine", to);
    }

    /** Channel variable inheritance: {@code __X} passes on as is, {@code _X} loses one underscore. */
    static void inherit(SimChannel from, SimChannel to) {
        for (Map.Entry<String, String> e : from.vars.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("__")) {
                to.setVar(k, e.getValue());
            } else if (k.startsWith("_")) {
                to.setVar(k.substring(1), e.getValue());
            }
        }
    }

    private void setVar(SimChannel c, String name, String value) {
        c.setVar(name, value);
        ev.varSet(c, name, value);
    }
}
