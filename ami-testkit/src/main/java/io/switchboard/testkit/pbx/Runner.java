package io.switchboard.testkit.pbx;

/**
 * Runs channels through the dialplan, one priority per loop task (so the steps of different channels
 * interleave the way separate channel threads do), and runs single applications for originated channels.
 */
final class Runner {
    private final Pbx pbx;
    private final Apps apps;

    Runner(Pbx pbx) {
        this.pbx = pbx;
        this.apps = new Apps(pbx);
    }

    MixMonitors mixMonitors() {
        return apps.mixMonitors();
    }

    /** Starts the PBX on a channel at its current context/exten/priority. */
    void startPbx(SimChannel c) {
        c.pbx = true;
        pbx.callsProcessed++;
        int token = c.runToken;
        pbx.execute(() -> step(c, token));
    }

    /**
     * Sends a channel elsewhere in the dialplan (Redirect, Goto, Park comeback), interrupting what it does. An
     * extension that does not exist sends it to {@code i} with INVALID_EXTEN set, as the PBX core does; the
     * VarSet still shows the old location because the channel has not moved yet.
     */
    void jump(SimChannel c, String context, String exten, int priority) {
        pbx.calls.interrupt(c);
        if (!pbx.dialplan.exists(context, exten) && pbx.dialplan.exists(context, "i")) {
            c.setVar("INVALID_EXTEN", exten);
            pbx.ev.varSet(c, "INVALID_EXTEN", exten);
            exten = "i";
            priority = 1;
        }
        c.context = context;
        c.exten = exten;
        c.priority = priority;
        if (!c.pbx) {
            c.pbx = true;
            pbx.callsProcessed++;
        }
        int token = c.runToken;
        pbx.execute(() -> step(c, token));
    }

    /** The continuation an application calls when it is done: the next priority, unless interrupted since. */
    Runnable next(SimChannel c) {
        int token = c.runToken;
        return () -> {
            if (c.alive && c.runToken == token) {
                c.priority++;
                pbx.execute(() -> step(c, token));
            }
        };
    }

    private void step(SimChannel c, int token) {
        if (!c.alive || c.runToken != token) {
            return;
        }
        Dialplan.Step s = pbx.dialplan.find(c.context, c.exten, c.priority);
        if (s == null) {
            // Ran off the end of the extension (or it never existed): the PBX hangs the channel up.
            pbx.calls.hangup(c, 16);
            return;
        }
        String data = Expressions.substitute(s.args(), c, pbx);
        c.application = s.app();
        c.appData = data;
        c.lastApp = s.app();
        c.lastData = data;
        pbx.ev.newexten(c, s.app(), data);
        apps.run(c, s.app(), data, next(c));
    }

    /** Runs one application on a channel outside the dialplan (Originate with Application), then hangs up. */
    void runApp(SimChannel c, String app, String data) {
        c.application = app;
        c.appData = data;
        c.lastApp = app;
        c.lastData = data;
        int token = c.runToken;
        apps.run(c, app, data, () -> {
            if (c.alive && c.runToken == token) {
                pbx.calls.hangup(c, 0);
            }
        });
    }

    /** Waits {@code seconds} of simulated time, then continues; interruption cancels the wait. */
    void sleep(SimChannel c, double seconds, Runnable then) {
        c.pending = pbx.schedule(seconds, () -> {
            c.pending = null;
            then.run();
        });
    }
}
