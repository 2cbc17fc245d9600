package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.List;
import java.util.Locale;

/** MixMonitor recording, from the dialplan and from AMI (MixMonitor, StopMixMonitor, MixMonitorMute). */
final class MixMonitors {
    private static final String SPOOL = "/var/spool/asterisk/monitor/";

    private final Pbx pbx;

    MixMonitors(Pbx pbx) {
        this.pbx = pbx;
    }

    /** Starts recording: MIXMONITOR_FILENAME (absolute path) then MixMonitorStart. */
    void start(SimChannel c, String data) {
        String file = Text.splitArgs(data, ',').get(0);
        String path = file.startsWith("/") ? file : SPOOL + file;
        c.setVar("MIXMONITOR_FILENAME", path);
        pbx.ev.varSet(c, "MIXMONITOR_FILENAME", path);
        c.monitoring = true;
        pbx.ev.channelEvent("MixMonitorStart", c);
    }

    /** Stops recording; false when nothing was recording. */
    boolean stop(SimChannel c) {
        if (!c.monitoring) {
            return false;
        }
        c.monitoring = false;
        pbx.ev.channelEvent("MixMonitorStop", c);
        return true;
    }

    /** Action MixMonitor: Channel, File, Options. The reply has no Message, like app_mixmonitor's. */
    void mixMonitorAction(Packet a, Reply reply) {
        SimChannel c = channel(a, reply);
        if (c == null) {
            return;
        }
        String file = a.get("File");
        if (file == null || file.isEmpty()) {
            file = c.uniqueid + ".wav";
        }
        reply.last(reply.response("Success"));
        start(c, file);
    }

    void stopAction(Packet a, Reply reply) {
        SimChannel c = channel(a, reply);
        if (c == null) {
            return;
        }
        if (!c.monitoring) {
            reply.error("Could not stop MixMonitor");
            return;
        }
        reply.last(reply.response("Success"));
        stop(c);
    }

    void muteAction(Packet a, Reply reply) {
        SimChannel c = channel(a, reply);
        if (c == null) {
            return;
        }
        String direction = a.get("Direction");
        String state = a.get("State");
        if (direction == null || direction.isEmpty()) {
            reply.error("No direction specified. Must be read, write or both");
            return;
        }
        if (state == null || state.isEmpty()) {
            reply.error("No state specified");
            return;
        }
        String dir = direction.toLowerCase(Locale.ROOT);
        if (!List.of("read", "write", "both").contains(dir)) {
            reply.error("Invalid direction specified. Must be read, write or both");
            return;
        }
        if (!c.monitoring) {
            reply.error("Cannot set mute flag");
            return;
        }
        boolean on = Originator.isTrue(state);
        reply.last(reply.response("Success"));
        pbx.ev.emit(Events.channel(pbx.ev.start("MixMonitorMute", "call"), "", c)
                .add("Direction", dir).add("State", on ? "1" : "0"));
    }

    private SimChannel channel(Packet a, Reply reply) {
        String name = a.get("Channel");
        if (name == null || name.isEmpty()) {
            reply.error("No channel specified");
            return null;
        }
        SimChannel c = pbx.find(name);
        if (c == null) {
            reply.error("No such channel");
        }
        return c;
    }
}
