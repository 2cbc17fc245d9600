package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

/**
 * Builds and emits the call events, with the exact header names and order of Asterisk 22 (the channel block of
 * {@code manager_channels.c}, the bridge block of {@code manager_bridges.c}, {@code cdr_manager.c} for Cdr).
 */
final class Events {
    private final Pbx pbx;
    private final String systemName;

    Events(Pbx pbx, String systemName) {
        this.pbx = pbx;
        this.systemName = systemName;
    }

    /** {@code Event}, {@code Privilege: <cls>,all} and, if configured, {@code SystemName}. */
    Packet.Builder start(String name, String cls) {
        Packet.Builder b = Packet.builder().add("Event", name).add("Privilege", cls + ",all");
        if (systemName != null) {
            b.add("SystemName", systemName);
        }
        return b;
    }

    /** The 14-field channel block, each key with {@code prefix} in front. */
    static Packet.Builder channel(Packet.Builder b, String prefix, SimChannel c) {
        return b.add(prefix + "Channel", c.name)
                .add(prefix + "ChannelState", Integer.toString(c.state.code))
                .add(prefix + "ChannelStateDesc", c.state.desc)
                .add(prefix + "CallerIDNum", Text.orUnknown(c.cidNum))
                .add(prefix + "CallerIDName", Text.orUnknown(Text.cEscape(c.cidName)))
                .add(prefix + "ConnectedLineNum", Text.orUnknown(c.connNum))
                .add(prefix + "ConnectedLineName", Text.orUnknown(Text.cEscape(c.connName)))
                .add(prefix + "Language", c.language)
                .add(prefix + "AccountCode", c.accountCode)
                .add(prefix + "Context", c.context)
                .add(prefix + "Exten", c.exten)
                .add(prefix + "Priority", Integer.toString(c.priority))
                .add(prefix + "Uniqueid", c.uniqueid)
                .add(prefix + "Linkedid", c.linkedid);
    }

    static Packet.Builder bridge(Packet.Builder b, Bridge br) {
        return b.add("BridgeUniqueid", br.uniqueid)
                .add("BridgeType", br.type)
                .add("BridgeTechnology", br.technology)
                .add("BridgeCreator", Text.orUnknown(br.creator))
                .add("BridgeName", Text.orUnknown(br.name))
                .add("BridgeNumChannels", Integer.toString(br.members.size()))
                .add("BridgeVideoSourceMode", "none");
    }

    void emit(Packet.Builder b) {
        pbx.emit(b.build());
    }

    /** An event whose only content is the channel block (Newchannel, Newstate, NewConnectedLine...). */
    void channelEvent(String name, SimChannel c) {
        emit(channel(start(name, "call"), "", c));
    }

    void newexten(SimChannel c, String app, String data) {
        emit(channel(start("Newexten", "dialplan"), "", c)
                .add("Extension", c.exten).add("Application", app).add("AppData", data));
    }

    void varSet(SimChannel c, String name, String value) {
        Packet.Builder b = start("VarSet", "dialplan");
        if (c == null) {
            b.add("Channel", "none").add("Uniqueid", "none");
        } else {
            channel(b, "", c);
        }
        emit(b.add("Variable", name).add("Value", Text.cEscape(value)));
    }

    void newCallerid(SimChannel c) {
        emit(channel(start("NewCallerid", "call"), "", c)
                .add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)"));
    }

    void hangupRequest(SimChannel c, int cause) {
        emit(channel(start("HangupRequest", "call"), "", c).add("Cause", Integer.toString(cause)));
    }

    void softHangupRequest(SimChannel c, int flags) {
        emit(channel(start("SoftHangupRequest", "call"), "", c).add("Cause", Integer.toString(flags)));
    }

    void hangup(SimChannel c, int cause) {
        emit(channel(start("Hangup", "call"), "", c)
                .add("Cause", Integer.toString(cause)).add("Cause-txt", Text.causeText(cause)));
    }

    void dialBegin(SimChannel caller, SimChannel dest, String dialString) {
        Packet.Builder b = start("DialBegin", "call");
        if (caller != null) {
            channel(b, "", caller);
        }
        emit(channel(b, "Dest", dest).add("DialString", dialString));
    }

    void dialEnd(SimChannel caller, SimChannel dest, String status) {
        Packet.Builder b = start("DialEnd", "call");
        if (caller != null) {
            channel(b, "", caller);
        }
        emit(channel(b, "Dest", dest).add("DialStatus", status));
    }

    void localBridge(SimChannel one, SimChannel two) {
        Packet.Builder b = start("LocalBridge", "call");
        channel(b, "LocalOne", one);
        channel(b, "LocalTwo", two);
        emit(b.add("Context", two.context).add("Exten", two.exten).add("LocalOptimization", "Yes"));
    }

    void deviceState(String device, String state) {
        emit(start("DeviceStateChange", "call").add("Device", device).add("State", state));
    }

    void bridgeEvent(String name, Bridge br, SimChannel c) {
        Packet.Builder b = bridge(start(name, "call"), br);
        if (c != null) {
            channel(b, "", c);
        }
        emit(b);
    }

    void musicOnHoldStart(SimChannel c, String cls) {
        emit(channel(start("MusicOnHoldStart", "call"), "", c).add("Class", cls));
    }

    /** The Cdr of a channel that was answered (cdr.conf unanswered=no: unanswered calls post nothing). */
    void cdr(SimChannel c, long endMillis) {
        if (c.answeredMillis == 0) {
            return;
        }
        long duration = Math.max(0, (endMillis - c.createdMillis) / 1000);
        long billable = Math.max(0, (endMillis - c.answeredMillis) / 1000);
        String peer = "";
        if (c.bridge != null) {
            for (SimChannel m : c.bridge.members) {
                if (m != c) {
                    peer = m.name;
                }
            }
        }
        emit(start("Cdr", "cdr")
                .add("AccountCode", c.accountCode)
                .add("Source", c.cidNum)
                .add("Destination", c.exten)
                .add("DestinationContext", c.context)
                .add("CallerID", "\"" + c.cidName + "\" <" + c.cidNum + ">")
                .add("Channel", c.name)
                .add("DestinationChannel", peer)
                .add("LastApplication", c.lastApp)
                .add("LastData", c.lastData)
                .add("StartTime", pbx.cdrTime(c.createdMillis))
                .add("AnswerTime", pbx.cdrTime(c.answeredMillis))
                .add("EndTime", pbx.cdrTime(endMillis))
                .add("Duration", Long.toString(duration))
                .add("BillableSeconds", Long.toString(billable))
                .add("Disposition", "ANSWERED")
                .add("AMAFlags", "DOCUMENTATION")
                .add("UniqueID", c.uniqueid)
                .add("UserField", c.userField));
    }
}
