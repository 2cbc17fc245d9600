package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The channel actions of {@code manager.c}: CoreShowChannels, Status, Getvar, Setvar, Hangup (by name and by
 * {@code /regex/}) and Redirect, with Asterisk's reply layouts and error texts.
 */
final class ChannelActions {
    private final Pbx pbx;

    ChannelActions(Pbx pbx) {
        this.pbx = pbx;
    }

    /** Newest channels first, as Asterisk's channel container happens to list them in the recordings. */
    private List<SimChannel> listed() {
        List<SimChannel> out = new ArrayList<>(pbx.channels.values());
        java.util.Collections.reverse(out);
        return out;
    }

    void coreShowChannels(Reply reply) {
        reply.listStart("Channels will follow");
        List<SimChannel> list = listed();
        long now = pbx.nowMillis();
        for (SimChannel c : list) {
            Packet.Builder b = Events.channel(reply.item("CoreShowChannel"), "", c);
            reply.send(b.add("Application", c.application)
                    .add("ApplicationData", c.appData)
                    .add("Duration", Text.hms((now - c.createdMillis) / 1000))
                    .add("BridgeId", c.bridge == null ? "" : c.bridge.uniqueid));
        }
        reply.last(reply.complete("CoreShowChannelsComplete", list.size()));
    }

    void status(Packet a, Reply reply) {
        String name = a.get("Channel");
        List<SimChannel> list;
        if (name == null || name.isEmpty() || name.equalsIgnoreCase("all")) {
            list = listed();
        } else {
            SimChannel c = pbx.find(name);
            if (c == null) {
                reply.error("No such channel");
                return;
            }
            list = List.of(c);
        }
        String variables = a.get("Variables");
        List<String> vars = variables == null || variables.isEmpty() ? List.of() : Text.splitArgs(variables, ',');
        reply.listStart("Channel status will follow");
        long now = pbx.nowMillis();
        for (SimChannel c : list) {
            Packet.Builder b = Packet.builder().add("Event", "Status").add("Privilege", "Call");
            Events.channel(b, "", c)
                    .add("Type", c.tech)
                    .add("DNID", c.dnid)
                    .add("EffectiveConnectedLineNum", Text.orUnknown(c.connNum))
                    .add("EffectiveConnectedLineName", Text.orUnknown(c.connName))
                    .add("TimeToHangup", "0")
                    .add("BridgeID", c.bridge == null ? "" : c.bridge.uniqueid)
                    .add("Application", c.application)
                    .add("Data", c.appData)
                    .add("Nativeformats", "(slin)")
                    .add("Readformat", "slin")
                    .add("Readtrans", "")
                    .add("Writeformat", "slin")
                    .add("Writetrans", "")
                    .add("Callgroup", "0")
                    .add("Pickupgroup", "0")
                    .add("Seconds", Long.toString((now - c.createdMillis) / 1000));
            for (String v : vars) {
                String value = Expressions.readOrNull(v.trim(), c, pbx);
                b.add("Variable", v.trim() + "=" + (value == null ? "(null)" : value));
            }
            reply.send(reply.idLast(b));
        }
        reply.last(reply.complete("StatusComplete", list.size()).add("Items", Integer.toString(list.size())));
    }

    void getvar(Packet a, Reply reply) {
        String name = a.get("Channel");
        String variable = a.get("Variable");
        if (variable == null || variable.isEmpty()) {
            reply.error("No variable specified");
            return;
        }
        SimChannel c = null;
        if (name != null && !name.isEmpty()) {
            c = pbx.find(name);
            if (c == null) {
                reply.error("No such channel");
                return;
            }
        }
        String value = c == null && !Expressions.isFunction(variable)
                ? pbx.globals.get(variable) : Expressions.readOrNull(variable, c, pbx);
        reply.last(reply.response("Success").add("Variable", variable).add("Value", value == null ? "" : value));
    }

    void setvar(Packet a, Reply reply) {
        String name = a.get("Channel");
        String variable = a.get("Variable");
        String value = a.get("Value");
        if (variable == null || variable.isEmpty()) {
            reply.error("No variable specified");
            return;
        }
        if (value == null) {
            value = "";
        }
        SimChannel c = null;
        if (name != null && !name.isEmpty()) {
            c = pbx.find(name);
            if (c == null) {
                reply.error("No such channel");
                return;
            }
        }
        reply.success("Variable Set");
        if (Expressions.isFunction(variable)) {
            Expressions.write(variable, value, c, pbx);
        } else if (c == null) {
            pbx.globals.put(variable, value);
            pbx.ev.varSet(null, variable, value);
        } else {
            c.setVar(variable, value);
            pbx.ev.varSet(c, variable, value);
        }
    }

    void hangup(Packet a, Reply reply) {
        String target = a.get("Channel");
        if (target == null || target.isEmpty()) {
            reply.error("No channel specified");
            return;
        }
        int cause = 16;
        String causeText = a.get("Cause");
        if (causeText != null && !causeText.isEmpty()) {
            try {
                int n = Integer.parseInt(causeText.trim());
                // Asterisk logs an invalid cause and hangs up anyway, without one.
                cause = n < 0 || n > 127 ? 0 : n;
            } catch (NumberFormatException e) {
                cause = 0;
            }
        }
        if (!target.startsWith("/")) {
            SimChannel c = pbx.find(target);
            if (c == null) {
                reply.error("No such channel");
                return;
            }
            reply.success("Channel Hungup");
            pbx.calls.hangup(c, cause);
            return;
        }
        if (target.length() < 2 || !target.endsWith("/")) {
            reply.error("Regex format invalid, Channel param should be /regex/");
            return;
        }
        Pattern p;
        try {
            p = Pattern.compile(target.substring(1, target.length() - 1));
        } catch (PatternSyntaxException e) {
            reply.error("Error compiling regex '" + target.substring(1, target.length() - 1) + "'");
            return;
        }
        reply.listStart("Channels hung up will follow");
        List<SimChannel> matched = new ArrayList<>();
        for (SimChannel c : listed()) {
            if (p.matcher(c.name).find()) {
                matched.add(c);
                reply.send(reply.idLast(Packet.builder().add("Event", "ChannelHungup").add("Channel", c.name)));
            }
        }
        reply.last(reply.complete("ChannelsHungupListComplete", matched.size()));
        for (SimChannel c : matched) {
            pbx.calls.hangup(c, cause);
        }
    }

    void redirect(Packet a, Reply reply) {
        String name = a.get("Channel");
        if (name == null || name.isEmpty()) {
            reply.error("Channel not specified");
            return;
        }
        String context = a.get("Context");
        String exten = a.get("Exten");
        int priority = 1;
        String prio = a.get("Priority");
        if (prio != null && !prio.isEmpty()) {
            try {
                priority = Integer.parseInt(prio.trim());
            } catch (NumberFormatException e) {
                priority = pbx.dialplan.findLabel(context, exten, prio);
                if (priority < 1) {
                    reply.error("Invalid priority");
                    return;
                }
            }
        }
        SimChannel c = pbx.find(name);
        if (c == null) {
            reply.error("Channel does not exist: " + name);
            return;
        }
        String extra = a.get("ExtraChannel");
        SimChannel c2 = null;
        if (extra != null && !extra.isEmpty()) {
            c2 = pbx.find(extra);
            if (c2 == null) {
                reply.error("ExtraChannel does not exist: " + extra);
                return;
            }
        }
        reply.success("Redirect successful");
        go(c, context, exten, priority);
        if (c2 != null) {
            String ctx2 = a.get("ExtraContext");
            String ext2 = a.get("ExtraExten");
            String p2 = a.get("ExtraPriority");
            go(c2, empty(ctx2) ? context : ctx2, empty(ext2) ? exten : ext2,
                    empty(p2) ? priority : (int) Apps.seconds(p2, priority));
        }
    }

    private void go(SimChannel c, String context, String exten, int priority) {
        pbx.calls.unbridge(c);
        pbx.runner.jump(c, empty(context) ? c.context : context, empty(exten) ? c.exten : exten, priority);
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
