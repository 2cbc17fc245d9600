package io.switchboard.ami.typed;

import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reading AMI header values as types: what the generated accessors call, public so that code reading
 * undocumented headers can use the same rules. Blank means absent; a value that is not of the type is a
 * {@link MalformedHeaderException}, never a silent default.
 */
public final class HeaderValues {
    private HeaderValues() {
    }

    /** Returns {@code event} if its name is {@code name} (ignoring case), else {@link IllegalArgumentException}. */
    public static Event requireEvent(Event event, String name) {
        Objects.requireNonNull(event, "event");
        if (!event.is(name)) {
            throw new IllegalArgumentException("expected a " + name + " event, got " + event.name());
        }
        return event;
    }

    /** The header as an int: empty if absent or blank. */
    public static OptionalInt intValue(Packet packet, String key) {
        String v = packet.get(key);
        if (v == null || v.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            throw new MalformedHeaderException(packet.name(), key, v, "an integer");
        }
    }

    /** The header as a long: empty if absent or blank. */
    public static OptionalLong longValue(Packet packet, String key) {
        String v = packet.get(key);
        if (v == null || v.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw new MalformedHeaderException(packet.name(), key, v, "an integer");
        }
    }

    /**
     * The header as a boolean, by Asterisk's own rules ({@code ast_true}/{@code ast_false}): yes, true, y, t,
     * on, 1 are true; no, false, n, f, off, 0 are false; any case. Empty if absent or blank.
     */
    public static Optional<Boolean> boolValue(Packet packet, String key) {
        String v = packet.get(key);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "y", "t", "on", "1":
                return Optional.of(Boolean.TRUE);
            case "no", "false", "n", "f", "off", "0":
                return Optional.of(Boolean.FALSE);
            default:
                throw new MalformedHeaderException(packet.name(), key, v, "a boolean");
        }
    }

    /** The header with C escapes undone (see {@link #unescape(String)}), or {@code null} if absent. */
    public static String unescaped(Packet packet, String key) {
        String v = packet.get(key);
        return v == null ? null : unescape(v);
    }

    /**
     * Undoes {@code ast_escape_c}: {@code \a \b \f \n \r \t \v \\ \' \" \?} become the characters they stand
     * for, so {@code O\'Brien} becomes {@code O'Brien}. Never throws: a backslash before anything else, or at
     * the end, is kept as it is, because Asterisk escapes only some headers and a raw one may hold a
     * literal backslash.
     */
    public static String unescape(String s) {
        int i = s.indexOf('\\');
        if (i < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        sb.append(s, 0, i);
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char n = s.charAt(i + 1);
            char out = switch (n) {
                case 'a' -> '\u0007';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'v' -> '\u000b';
                case '\\', '\'', '"', '?' -> n;
                default -> 0;
            };
            if (out == 0) {
                sb.append(c);
                i++;
            } else {
                sb.append(out);
                i += 2;
            }
        }
        return sb.toString();
    }

    /**
     * The {@code <key>: name=value} lines of a channel block ({@code ChanVariable}, {@code DestChanVariable},
     * ...) as an ordered, unmodifiable map, values unescaped; a later line with the same name wins.
     */
    public static Map<String, String> chanVariables(Packet packet, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : packet.getAll(key)) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                out.put(line, "");
            } else {
                out.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
