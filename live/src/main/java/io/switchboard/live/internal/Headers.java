package io.switchboard.live.internal;

import io.switchboard.ami.Message;
import io.switchboard.live.CallerId;
import io.switchboard.live.ChannelSnapshot;
import io.switchboard.live.ChannelState;

import java.time.Instant;

/** Reading the channel block (ami-protocol.md §13.1) and other header conventions of Asterisk. */
final class Headers {
    private Headers() {
    }

    /** A header value with Asterisk's {@code <unknown>} placeholder (and absence) turned into "". */
    static String text(Message m, String key) {
        String v = m.get(key);
        return v == null || v.equals("<unknown>") ? "" : v;
    }

    static int integer(Message m, String key, int dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static long longValue(Message m, String key, long dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static double decimal(Message m, String key) {
        String v = m.get(key);
        try {
            return v == null ? 0 : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean flag(Message m, String key) {
        String v = m.get(key);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    /** Whether the message carries a channel block with this prefix ({@code ""}, {@code Dest}, {@code Parkee}). */
    static boolean hasChannel(Message m, String prefix) {
        String id = m.get(prefix + "Uniqueid");
        return id != null && !id.isEmpty() && !id.equals("none") && m.has(prefix + "Channel")
                && m.has(prefix + "ChannelState");
    }

    /**
     * The channel block with {@code prefix} as a snapshot. Fields the block lacks (bridge, application,
     * creation time) are taken from {@code previous}, which may be null.
     */
    static ChannelSnapshot channel(Message m, String prefix, ChannelSnapshot previous, Instant now) {
        String p = prefix;
        return new ChannelSnapshot(
                m.get(p + "Channel"),
                m.get(p + "Uniqueid"),
                text(m, p + "Linkedid"),
                ChannelState.ofCode(m.get(p + "ChannelState")),
                new CallerId(unescape(text(m, p + "CallerIDName")), text(m, p + "CallerIDNum")),
                new CallerId(unescape(text(m, p + "ConnectedLineName")), text(m, p + "ConnectedLineNum")),
                text(m, p + "Language"),
                text(m, p + "AccountCode"),
                text(m, p + "Context"),
                text(m, p + "Exten"),
                integer(m, p + "Priority", previous == null ? 1 : previous.priority()),
                previous == null ? "" : previous.application(),
                previous == null ? "" : previous.applicationData(),
                previous == null ? "" : previous.bridgeId(),
                previous == null ? now : previous.createdAt());
    }

    /** Undoes the C escapes Asterisk applies to CallerIDName, ConnectedLineName and VarSet values. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                default -> b.append(n); // \\ \' \" \? and anything else: the character itself
            }
        }
        return b.toString();
    }

    /** {@code HH:MM:SS} (CoreShowChannel's Duration) in seconds; 0 if unreadable. */
    static long hms(String s) {
        if (s == null) {
            return 0;
        }
        String[] parts = s.trim().split(":");
        long total = 0;
        try {
            for (String part : parts) {
                total = total * 60 + Long.parseLong(part);
            }
        } catch (NumberFormatException e) {
            return 0;
        }
        return total;
    }
}
