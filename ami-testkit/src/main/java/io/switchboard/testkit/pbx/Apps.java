package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.List;
import java.util.Locale;

/**
 * The dialplan applications: the simple ones here, Dial/Queue/Park/MixMonitor delegated. Each gets the channel,
 * its substituted arguments and the continuation to call when done; one that blocks keeps its timer in
 * {@code pending} (and any cleanup in {@code onInterrupt}) so a hangup or redirect can cut it short.
 */
final class Apps {
    private final Pbx pbx;
    private final Events ev;
    private final DialApp dial;
    private final MixMonitors mixMonitors;

    Apps(Pbx pbx) {
        this.pbx = pbx;
        this.ev = pbx.ev;
        this.dial = new DialApp(pbx);
        this.mixMonitors = new MixMonitors(pbx);
    }

    void run(SimChannel c, String app, String data, Runnable next) {
        Calls calls = pbx.calls;
        Runner runner = pbx.runner;
        switch (app.toLowerCase(Locale.ROOT)) {
            case "answer" -> {
                calls.answer(c);
                next.run();
            }
            case "noop", "verbose", "log", "set_variable_noop" -> next.run();
            case "wait", "waitexten" -> runner.sleep(c, seconds(data, 0), next);
            case "echo" -> {
                // Echo runs until the channel hangs up: nothing to schedule.
            }
            case "hangup" -> {
                int cause = (int) seconds(data, 16);
                c.cause = cause > 0 ? cause : 16;
                calls.hangup(c, c.cause);
            }
            case "set" -> {
                set(c, data);
                next.run();
            }
            case "mset" -> {
                for (String piece : Text.splitArgs(data, ',')) {
                    set(c, piece);
                }
                next.run();
            }
            case "userevent" -> {
                userEvent(c, data);
                next.run();
            }
            case "playback", "background" -> playback(c, data, next);
            case "busy" -> refuse(c, data, 17, 5, "BUSY", next);
            case "congestion" -> refuse(c, data, 34, 8, "CONGESTION", next);
            case "ringing" -> {
                if (c.state != ChanState.UP) {
                    calls.setState(c, ChanState.RINGING);
                }
                next.run();
            }
            case "progress" -> next.run();
            case "musiconhold" -> musicOnHold(c, data, next);
            case "goto" -> gotoApp(c, data, next);
            case "dial" -> dial.run(c, data, next);
            case "queue" -> pbx.queues.run(c, data, next);
            case "park" -> pbx.parking.park(c, data, next);
            case "parkedcall" -> pbx.parking.retrieve(c, data, next);
            case "mixmonitor" -> {
                mixMonitors.start(c, data);
                next.run();
            }
            case "stopmixmonitor" -> {
                mixMonitors.stop(c);
                next.run();
            }
            default -> calls.hangup(c, 0); // "No application 'X'": the PBX gives up on the channel
        }
    }

    MixMonitors mixMonitors() {
        return mixMonitors;
    }

    /** Set(NAME=value): a variable (VarSet) or a function write (no event), as pbx_builtin_setvar does. */
    private void set(SimChannel c, String data) {
        int eq = data.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = data.substring(0, eq).trim();
        String value = data.substring(eq + 1);
        if (Expressions.isFunction(name)) {
            Expressions.write(name, value, c, pbx);
            return;
        }
        c.setVar(name, value);
        ev.varSet(c, name, value);
    }

    /** UserEvent(Name,Key: value,...): the channel block, then UserEvent and the given headers. */
    private void userEvent(SimChannel c, String data) {
        List<String> args = Text.splitArgs(data, ',');
        Packet.Builder b = Events.channel(ev.start("UserEvent", "user"), "", c).add("UserEvent", args.get(0));
        for (String kv : args.subList(1, args.size())) {
            int colon = kv.indexOf(':');
            if (colon > 0) {
                b.add(kv.substring(0, colon).trim(), kv.substring(colon + 1).trim());
            }
        }
        ev.emit(b);
    }

    /** Playback answers the channel, plays each file, then sets PLAYBACKSTATUS. */
    private void playback(SimChannel c, String data, Runnable next) {
        List<String> args = Text.splitArgs(data, ',');
        if (args.size() < 2 || !args.get(1).contains("noanswer")) {
            pbx.calls.answer(c);
        }
        double total = 0;
        for (String file : args.get(0).split("&")) {
            total += fileSeconds(file.trim());
        }
        pbx.runner.sleep(c, total, () -> {
            c.setVar("PLAYBACKSTATUS", "SUCCESS");
            ev.varSet(c, "PLAYBACKSTATUS", "SUCCESS");
            next.run();
        });
    }

    /**
     * How long a sound file plays: {@code silence/N} is N seconds, {@code beep} half a second, anything else
     * (prompts, the lab's generated tone) three seconds.
     */
    static double fileSeconds(String file) {
        if (file.isEmpty()) {
            return 0;
        }
        if (file.startsWith("silence/")) {
            return seconds(file.substring(8), 1);
        }
        return file.equals("beep") ? 0.5 : 3;
    }

    /**
     * Busy()/Congestion(): signal the condition (state Busy, and a Local ;2 half fails its ;1's dial), then wait
     * for the timeout; the caller normally hangs up first.
     */
    private void refuse(SimChannel c, String data, int cause, int reason, String status, Runnable next) {
        c.cause = cause;
        if (c.state != ChanState.UP) {
            pbx.calls.setState(c, ChanState.BUSY);
        }
        if (c.half == 2) {
            pbx.calls.remoteFailure(c, reason, status);
        }
        if (!c.alive) {
            return;
        }
        double timeout = seconds(data, 0);
        if (timeout > 0) {
            pbx.runner.sleep(c, timeout, () -> pbx.calls.hangup(c, cause));
        }
    }

    private void musicOnHold(SimChannel c, String data, Runnable next) {
        List<String> args = Text.splitArgs(data, ',');
        String cls = args.get(0).isEmpty() ? "default" : args.get(0);
        ev.musicOnHoldStart(c, cls);
        c.onInterrupt = () -> ev.channelEvent("MusicOnHoldStop", c);
        double duration = args.size() > 1 ? seconds(args.get(1), 0) : 0;
        if (duration > 0) {
            pbx.runner.sleep(c, duration, () -> {
                c.onInterrupt = null;
                ev.channelEvent("MusicOnHoldStop", c);
                next.run();
            });
        }
    }

    /** Goto([[context,]exten,]priority). */
    private void gotoApp(SimChannel c, String data, Runnable next) {
        List<String> a = Text.splitArgs(data, ',');
        String context = c.context;
        String exten = c.exten;
        String prio;
        if (a.size() >= 3) {
            context = a.get(0);
            exten = a.get(1);
            prio = a.get(2);
        } else if (a.size() == 2) {
            exten = a.get(0);
            prio = a.get(1);
        } else {
            prio = a.get(0);
        }
        int p = (int) seconds(prio, -1);
        if (p < 0) {
            p = pbx.dialplan.findLabel(context, exten, prio);
        }
        if (p < 1) {
            next.run();
            return;
        }
        pbx.runner.jump(c, context, exten, p);
    }

    static double seconds(String s, double dflt) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException | NullPointerException e) {
            return dflt;
        }
    }
}
