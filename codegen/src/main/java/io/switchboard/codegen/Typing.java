package io.switchboard.codegen;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which headers get a typed accessor, and which type. Only where the meaning is certain from Asterisk's
 * code: the same header name can mean different things in different events ({@code Cause} is a Q.850 number
 * in {@code Hangup} but text in {@code Registry}; {@code Duration} is seconds in {@code Cdr} but
 * {@code HH:MM:SS} in {@code CoreShowChannel}), so most entries name their event. Anything not listed is a
 * plain {@code String}, which is never wrong.
 */
public final class Typing {
    /** What an accessor returns. */
    public enum Type { STRING, ESCAPED, INT, LONG, BOOL }

    private static final Map<String, Type> EVENT = new HashMap<>();
    private static final Map<String, Type> ACTION = new HashMap<>();

    static {
        // Any event: names with one meaning everywhere they appear in the catalog.
        event("*", Type.INT, "ListItems", "Items", "Total", "TechCause", "Count", "Position", "OriginalPosition",
                "HoldTime", "TalkTime", "RingTime", "Penalty", "CallsTaken", "Wrapuptime", "DurationMs");
        event("*", Type.LONG, "BillableSeconds", "LastCall", "LastPause", "LoginTime", "Uptime", "LastReload",
                "CallStarted", "LoggedInTime");
        event("*", Type.BOOL, "InCall", "Paused", "Ringinuse");
        // Per event.
        for (String e : new String[] {"Hangup", "HangupRequest", "SoftHangupRequest"}) {
            event(e, Type.INT, "Cause"); // SoftHangupRequest: a bit mask, still an int
        }
        event("Cdr", Type.LONG, "Duration");
        event("ChannelTalkingStop", Type.LONG, "Duration");
        event("MeetmeLeave", Type.LONG, "Duration");
        event("OriginateResponse", Type.INT, "Reason");
        event("QueueEntry", Type.INT, "Priority", "Wait");
        event("QueueParams", Type.INT, "Max", "Calls", "Holdtime", "Completed", "Abandoned", "ServiceLevel", "Weight");
        event("ExtensionStatus", Type.INT, "Status");
        event("MessageWaiting", Type.INT, "New", "Old");
        event("MWIGet", Type.INT, "OldMessages", "NewMessages");
        event("VarSet", Type.ESCAPED, "Value");
        event("NewCallerid", Type.ESCAPED, "CID-CallingPres");
        for (String e : new String[] {"ConfbridgeJoin", "ConfbridgeLeave", "ConfbridgeMute", "ConfbridgeUnmute",
                "ConfbridgeTalking"}) {
            event(e, Type.BOOL, "Admin");
        }
        event("ConfbridgeJoin", Type.BOOL, "Muted");
        event("ConfbridgeTalking", Type.BOOL, "TalkingStatus");
        event("ConfbridgeList", Type.BOOL, "Admin", "MarkedUser", "WaitMarked", "EndMarked", "Waiting", "Muted",
                "Talking");
        event("ConfbridgeListRooms", Type.INT, "Parties", "Marked");
        event("ConfbridgeListRooms", Type.BOOL, "Locked", "Muted");
        event("LocalBridge", Type.BOOL, "LocalOptimization");
        event("LocalOptimizationEnd", Type.BOOL, "Success");
        event("BlindTransfer", Type.BOOL, "IsExternal");

        // Action parameters: an overload next to the String setter.
        action(Type.INT, "Priority");
        action(Type.LONG, "Timeout");
        action(Type.BOOL, "Async", "EarlyMedia", "Paused", "Soft", "AllVariables");
    }

    private Typing() {
    }

    private static void event(String event, Type type, String... headers) {
        for (String h : headers) {
            EVENT.put(key(event, h), type);
        }
    }

    private static void action(Type type, String... params) {
        for (String p : params) {
            ACTION.put(p.toLowerCase(Locale.ROOT), type);
        }
    }

    private static String key(String event, String header) {
        return (event + ":" + header).toLowerCase(Locale.ROOT);
    }

    /** The type of a header outside any block. */
    public static Type eventHeader(String event, String header) {
        Type t = EVENT.get(key(event, header));
        if (t == null) {
            t = EVENT.get(key("*", header));
        }
        return t == null ? Type.STRING : t;
    }

    /** The extra setter type for an action parameter, or {@code STRING} for none. */
    public static Type actionParam(String param) {
        return ACTION.getOrDefault(param.toLowerCase(Locale.ROOT), Type.STRING);
    }
}
