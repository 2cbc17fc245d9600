package io.switchboard.testkit.pbx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small text rules Asterisk applies on the way in (argument splitting, caller ID) and out (escaping, causes). */
final class Text {
    private Text() {
    }

    /**
     * Splits dialplan-style arguments at {@code delim} the way {@code __ast_app_separate_args} does: double quotes
     * group text and are removed, a backslash escapes the next character, and {@code ()}/{@code []} nesting
     * protects delimiters. {@code Variable: A="x,y",B=2} therefore yields {@code A=x,y} and {@code B=2}.
     */
    static List<String> splitArgs(String s, char delim) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        int paren = 0;
        int bracket = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                cur.append(c);
            } else if (c == '(') {
                paren++;
                cur.append(c);
            } else if (c == ')' && paren > 0) {
                paren--;
                cur.append(c);
            } else if (c == '[') {
                bracket++;
                cur.append(c);
            } else if (c == ']' && bracket > 0) {
                bracket--;
                cur.append(c);
            } else if (c == delim && paren == 0 && bracket == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /**
     * The variables of an action's {@code Variable:} headers, in order: every header split on commas, pieces
     * without {@code =} or with an empty name dropped (as {@code astman_get_variables} does).
     */
    static List<Map.Entry<String, String>> parseVariables(List<String> headerValues) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String header : headerValues) {
            for (String piece : splitArgs(header, ',')) {
                int eq = piece.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                out.add(Map.entry(piece.substring(0, eq), piece.substring(eq + 1)));
            }
        }
        return out;
    }

    /** Caller ID as {@code ast_callerid_parse} reads it: {@code "Name" <num>}, {@code Name <num>}, or a number or a name. */
    static String[] parseCallerId(String cid) {
        if (cid == null || cid.isBlank()) {
            return new String[] {"", ""};
        }
        String s = cid.trim();
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String num = s.substring(lt + 1, gt).trim();
            String name = s.substring(0, lt).trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            return new String[] {name, num};
        }
        if (s.matches("[0-9+*#()\\-. ]+")) {
            return new String[] {"", s.replaceAll("[()\\-. ]", "")};
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return new String[] {s, ""};
    }

    /** C-style escaping Asterisk applies to CallerIDName, ConnectedLineName and VarSet values. */
    static String cEscape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case 7 -> "\\a";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case 11 -> "\\v";
                case '\\' -> "\\\\";
                case '\'' -> "\\'";
                case '"' -> "\\\"";
                case '?' -> "\\?";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /** {@code "<unknown>"} for empty caller ID parts, as the channel block writes them. */
    static String orUnknown(String s) {
        return s == null || s.isEmpty() ? "<unknown>" : s;
    }

    /** The text {@code ast_cause2str} gives for a Q.850 cause code (Cause-txt). */
    static String causeText(int cause) {
        return switch (cause) {
            case 1 -> "Unallocated (unassigned) number";
            case 2 -> "No route to specified transmit network";
            case 3 -> "No route to destination";
            case 16 -> "Normal Clearing";
            case 17 -> "User busy";
            case 18 -> "No user responding";
            case 19 -> "User alerting, no answer";
            case 20 -> "Subscriber absent";
            case 21 -> "Call Rejected";
            case 22 -> "Number changed";
            case 27 -> "Destination out of order";
            case 28 -> "Invalid number format";
            case 31 -> "Normal, unspecified";
            case 34 -> "Circuit/channel congestion";
            case 38 -> "Network out of order";
            case 41 -> "Temporary failure";
            case 42 -> "Switching equipment congestion";
            case 44 -> "Requested channel not available";
            case 50 -> "Requested facility not subscribed";
            case 58 -> "Bearer capability not available";
            case 66 -> "Channel not implemented";
            case 69 -> "Requested facility not implemented";
            case 111 -> "Protocol error, unspecified";
            case 127 -> "Interworking, unspecified";
            default -> "Unknown";
        };
    }

    /** The DIALSTATUS a failed dial reports for the cause its callee hung up with. */
    static String dialStatusFor(int cause) {
        return switch (cause) {
            case 17 -> "BUSY";
            case 34, 42, 38, 41 -> "CONGESTION";
            case 18, 19 -> "NOANSWER";
            case 1, 3, 20, 27, 28, 44, 66 -> "CHANUNAVAIL";
            default -> "CANCEL";
        };
    }

    /** Seconds as {@code HH:MM:SS} (CoreShowChannel Duration). */
    static String hms(long seconds) {
        return String.format("%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}
