package io.switchboard.testkit.pbx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@code extensions.conf} subset: contexts, {@code exten =>} / {@code same =>} lines with numbered,
 * {@code n} and {@code n(label)} priorities, {@code include =>}, simple patterns ({@code _X.}), and
 * {@code [globals]}. Immutable after parsing. Enough for the lab dialplan the transcripts were recorded with.
 */
final class Dialplan {
    /** One priority: the application and its raw (unsubstituted) arguments. */
    record Step(String app, String args, String label) {
    }

    private static final class Context {
        final Map<String, TreeMap<Integer, Step>> extens = new LinkedHashMap<>();
        final List<String> includes = new ArrayList<>();
    }

    private final Map<String, Context> contexts = new LinkedHashMap<>();
    private final Map<String, String> globals = new LinkedHashMap<>();

    private Dialplan() {
    }

    /**
     * The lab dialplan shipped with the testkit (the one the golden transcripts were recorded with), followed
     * by the call-center contexts {@link CallCenterTraffic} drives; no lab context includes those, so the lab's
     * behaviour is the recorded one.
     */
    static Dialplan lab() {
        return parse(resource("lab-dialplan.conf") + "\n" + resource("callcenter-dialplan.conf"));
    }

    private static String resource(String name) {
        try (InputStream in = Dialplan.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dialplan parse(String text) {
        Dialplan dp = new Dialplan();
        String section = null;
        String lastExten = null;
        int lastPriority = 0;
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[") && line.contains("]")) {
                section = line.substring(1, line.indexOf(']')).strip();
                if (!section.equals("general") && !section.equals("globals")) {
                    dp.contexts.computeIfAbsent(section, k -> new Context());
                }
                lastExten = null;
                continue;
            }
            if (section == null || section.equals("general")) {
                continue;
            }
            int arrow = line.indexOf("=>");
            int eq = line.indexOf('=');
            String key = (arrow >= 0 ? line.substring(0, arrow) : line.substring(0, Math.max(eq, 0))).strip();
            String value = arrow >= 0 ? line.substring(arrow + 2).strip() : line.substring(eq + 1).strip();
            if (section.equals("globals")) {
                if (eq > 0) {
                    dp.globals.put(key, value);
                }
                continue;
            }
            Context ctx = dp.contexts.get(section);
            if (key.equalsIgnoreCase("include")) {
                ctx.includes.add(value);
                continue;
            }
            String exten;
            String rest;
            if (key.equalsIgnoreCase("exten")) {
                int c = value.indexOf(',');
                if (c < 0) {
                    continue;
                }
                exten = value.substring(0, c).strip();
                rest = value.substring(c + 1);
            } else if (key.equalsIgnoreCase("same") && lastExten != null) {
                exten = lastExten;
                rest = value;
            } else {
                continue;
            }
            int c = rest.indexOf(',');
            if (c < 0) {
                continue;
            }
            String prio = rest.substring(0, c).strip();
            String appPart = rest.substring(c + 1).strip();
            String label = null;
            int lp = prio.indexOf('(');
            if (lp >= 0 && prio.endsWith(")")) {
                label = prio.substring(lp + 1, prio.length() - 1);
                prio = prio.substring(0, lp);
            }
            if (prio.equalsIgnoreCase("hint")) {
                continue;
            }
            int priority;
            if (prio.equals("n")) {
                priority = exten.equals(lastExten) ? lastPriority + 1 : 1;
            } else {
                try {
                    priority = Integer.parseInt(prio);
                } catch (NumberFormatException e) {
                    continue;
                }
            }
            String app = appPart;
            String args = "";
            int open = appPart.indexOf('(');
            if (open >= 0) {
                app = appPart.substring(0, open).strip();
                int close = appPart.lastIndexOf(')');
                args = close > open ? appPart.substring(open + 1, close) : appPart.substring(open + 1);
            }
            ctx.extens.computeIfAbsent(exten, k -> new TreeMap<>()).put(priority, new Step(app, args, label));
            lastExten = exten;
            lastPriority = priority;
        }
        return dp;
    }

    private static String stripComment(String line) {
        StringBuilder b = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
                b.append(';');
                i++;
            } else if (c == ';') {
                break;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Globals from {@code [globals]}, in file order. */
    Map<String, String> globals() {
        return globals;
    }

    /** The step at context/exten/priority, searching includes; null if there is none. */
    Step find(String context, String exten, int priority) {
        TreeMap<Integer, Step> prios = extension(context, exten, 0);
        return prios == null ? null : prios.get(priority);
    }

    /** Whether context/exten exists (at any priority). */
    boolean exists(String context, String exten) {
        return extension(context, exten, 0) != null;
    }

    /** The priority a label names in context/exten, or -1. */
    int findLabel(String context, String exten, String label) {
        TreeMap<Integer, Step> prios = extension(context, exten, 0);
        if (prios != null) {
            for (Map.Entry<Integer, Step> e : prios.entrySet()) {
                if (label.equals(e.getValue().label())) {
                    return e.getKey();
                }
            }
        }
        return -1;
    }

    boolean hasContext(String context) {
        return contexts.containsKey(context);
    }

    private TreeMap<Integer, Step> extension(String context, String exten, int depth) {
        Context ctx = contexts.get(context);
        if (ctx == null || exten == null || depth > 8) {
            return null;
        }
        TreeMap<Integer, Step> exact = ctx.extens.get(exten);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, TreeMap<Integer, Step>> e : ctx.extens.entrySet()) {
            if (e.getKey().startsWith("_") && matches(e.getKey().substring(1), exten)) {
                return e.getValue();
            }
        }
        for (String inc : ctx.includes) {
            TreeMap<Integer, Step> found = extension(inc, exten, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Asterisk pattern match: X [0-9], Z [1-9], N [2-9], [..] sets, '.' one or more, '!' zero or more. */
    static boolean matches(String pattern, String exten) {
        int p = 0;
        int e = 0;
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '.') {
                return e < exten.length();
            }
            if (c == '!') {
                return true;
            }
            if (e >= exten.length()) {
                return false;
            }
            char x = exten.charAt(e);
            switch (Character.toUpperCase(c)) {
                case 'X' -> {
                    if (x < '0' || x > '9') {
                        return false;
                    }
                }
                case 'Z' -> {
                    if (x < '1' || x > '9') {
                        return false;
                    }
                }
                case 'N' -> {
                    if (x < '2' || x > '9') {
                        return false;
                    }
                }
                case '[' -> {
                    int close = pattern.indexOf(']', p);
                    if (close < 0 || !inSet(pattern.substring(p + 1, close), x)) {
                        return false;
                    }
                    p = close;
                }
                default -> {
                    if (c != x) {
                        return false;
                    }
                }
            }
            p++;
            e++;
        }
        return e == exten.length();
    }

    private static boolean inSet(String set, char x) {
        for (int i = 0; i < set.length(); i++) {
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                if (x >= set.charAt(i) && x <= set.charAt(i + 2)) {
                    return true;
                }
                i += 2;
            } else if (set.charAt(i) == x) {
                return true;
            }
        }
        return false;
    }
}
