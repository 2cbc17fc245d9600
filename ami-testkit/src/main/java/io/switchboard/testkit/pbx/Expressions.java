package io.switchboard.testkit.pbx;

import java.util.List;
import java.util.Locale;

/**
 * {@code ${...}} substitution and the dialplan functions the lab dialplan and the AMI actions use (RAND, CHANNEL,
 * CALLERID, CDR, LEN, GLOBAL), reading and writing. Variables resolve against the channel, then the globals.
 */
final class Expressions {
    private Expressions() {
    }

    static String substitute(String s, SimChannel c, Pbx pbx) {
        if (s == null || !s.contains("${")) {
            return s == null ? "" : s;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int start = s.indexOf("${", i);
            if (start < 0) {
                out.append(s, i, s.length());
                break;
            }
            out.append(s, i, start);
            int depth = 0;
            int end = -1;
            for (int j = start + 2; j < s.length(); j++) {
                char ch = s.charAt(j);
                if (ch == '{') {
                    depth++;
                } else if (ch == '}') {
                    if (depth == 0) {
                        end = j;
                        break;
                    }
                    depth--;
                }
            }
            if (end < 0) {
                out.append(s, start, s.length());
                break;
            }
            String inner = substitute(s.substring(start + 2, end), c, pbx);
            out.append(read(inner, c, pbx));
            i = end + 1;
        }
        return out.toString();
    }

    /** The value of a variable or function, "" when unset (Asterisk's empty string). */
    static String read(String expr, SimChannel c, Pbx pbx) {
        String v = readOrNull(expr, c, pbx);
        return v == null ? "" : v;
    }

    /** The value of a variable or function, or null when it is not set (Status shows that as "(null)"). */
    static String readOrNull(String expr, SimChannel c, Pbx pbx) {
        int open = expr.indexOf('(');
        if (open > 0 && expr.endsWith(")")) {
            return function(expr.substring(0, open).toUpperCase(Locale.ROOT),
                    expr.substring(open + 1, expr.length() - 1), c, pbx);
        }
        if (c != null) {
            String builtin = builtin(expr, c, pbx);
            if (builtin != null) {
                return builtin;
            }
            String v = c.var(expr);
            if (v != null) {
                return v;
            }
        }
        return pbx.globals.get(expr);
    }

    private static String builtin(String name, SimChannel c, Pbx pbx) {
        return switch (name) {
            case "CHANNEL" -> c.name;
            case "UNIQUEID" -> c.uniqueid;
            case "EXTEN" -> c.exten;
            case "CONTEXT" -> c.context;
            case "PRIORITY" -> Integer.toString(c.priority);
            case "EPOCH" -> Long.toString(pbx.nowMillis() / 1000);
            case "CALLERIDNUM" -> c.cidNum;
            case "CALLERIDNAME" -> c.cidName;
            case "HANGUPCAUSE" -> c.cause < 0 ? "" : Integer.toString(c.cause);
            default -> null;
        };
    }

    private static String function(String fn, String args, SimChannel c, Pbx pbx) {
        List<String> a = Text.splitArgs(args, ',');
        String arg0 = a.get(0).trim().toLowerCase(Locale.ROOT);
        switch (fn) {
            case "RAND": {
                int lo = parse(a.get(0), 0);
                int hi = a.size() > 1 ? parse(a.get(1), Integer.MAX_VALUE - 1) : Integer.MAX_VALUE - 1;
                if (hi < lo) {
                    int t = lo;
                    lo = hi;
                    hi = t;
                }
                return Integer.toString(lo + pbx.random.nextInt(hi - lo + 1));
            }
            case "LEN":
                return Integer.toString(args.length());
            case "GLOBAL":
                return pbx.globals.get(a.get(0));
            default:
                break;
        }
        if (c == null) {
            return null;
        }
        return switch (fn) {
            case "CHANNEL" -> switch (arg0) {
                case "state" -> c.state.desc;
                case "name" -> c.name;
                case "uniqueid" -> c.uniqueid;
                case "linkedid" -> c.linkedid;
                case "language" -> c.language;
                case "accountcode" -> c.accountCode;
                case "context" -> c.context;
                case "exten" -> c.exten;
                case "channeltype" -> c.tech;
                default -> null;
            };
            case "CALLERID" -> switch (arg0) {
                case "num", "number" -> c.cidNum;
                case "name" -> c.cidName;
                case "all" -> "\"" + c.cidName + "\" <" + c.cidNum + ">";
                default -> null;
            };
            case "CONNECTEDLINE" -> arg0.startsWith("num") ? c.connNum : c.connName;
            case "CDR" -> switch (arg0) {
                case "userfield" -> c.userField;
                case "accountcode" -> c.accountCode;
                case "uniqueid" -> c.uniqueid;
                case "channel" -> c.name;
                case "lastapp" -> c.lastApp;
                case "lastdata" -> c.lastData;
                default -> null;
            };
            default -> null;
        };
    }

    /**
     * Writes a function such as {@code CDR(userfield)} or {@code CALLERID(num)}. Function writes raise no VarSet,
     * as in Asterisk. Returns false for a function it does not know.
     */
    static boolean write(String expr, String value, SimChannel c, Pbx pbx) {
        int open = expr.indexOf('(');
        String fn = expr.substring(0, open).toUpperCase(Locale.ROOT);
        String arg = expr.substring(open + 1, expr.length() - 1).trim().toLowerCase(Locale.ROOT);
        if (fn.equals("GLOBAL")) {
            pbx.globals.put(expr.substring(open + 1, expr.length() - 1), value);
            pbx.ev.varSet(null, expr.substring(open + 1, expr.length() - 1), value);
            return true;
        }
        if (c == null) {
            return false;
        }
        switch (fn) {
            case "CDR" -> {
                if (arg.equals("userfield")) {
                    c.userField = value;
                } else if (arg.equals("accountcode")) {
                    c.accountCode = value;
                }
                return true;
            }
            case "CALLERID" -> {
                if (arg.startsWith("num")) {
                    c.cidNum = value;
                } else if (arg.equals("name")) {
                    c.cidName = value;
                } else {
                    String[] p = Text.parseCallerId(value);
                    c.cidName = p[0];
                    c.cidNum = p[1];
                }
                pbx.ev.newCallerid(c);
                return true;
            }
            case "CHANNEL" -> {
                if (arg.equals("language")) {
                    c.language = value;
                } else if (arg.equals("accountcode")) {
                    c.accountCode = value;
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    static boolean isFunction(String name) {
        int open = name.indexOf('(');
        return open > 0 && name.endsWith(")");
    }

    private static int parse(String s, int dflt) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
