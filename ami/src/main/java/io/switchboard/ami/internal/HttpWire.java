package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The bits of AMI over HTTP that are plain text rules: an action as an {@code application/x-www-form-urlencoded}
 * body, and the {@code mansession_id} session cookie (ami-protocol.md §11).
 */
final class HttpWire {
    static final String COOKIE = "mansession_id";
    /** Asterisk's default httptimeout, which it sends as the cookie's Max-Age. */
    static final long DEFAULT_MAX_AGE_SECONDS = 60;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HttpWire() {
    }

    /**
     * The form body of an action: {@code Action}, then {@code ActionID} (when not null), then the headers in
     * order, repeated keys repeated. Every byte outside the RFC 3986 unreserved set is percent-encoded from
     * UTF-8, spaces included ({@code %20}, never {@code +}), so any form decoder reads the exact values back.
     */
    static String form(Action action, String actionId) {
        StringBuilder sb = new StringBuilder(64 + 32 * action.headers().size());
        pair(sb, "Action", action.name());
        if (actionId != null) {
            pair(sb, "ActionID", actionId);
        }
        for (Header h : action.headers()) {
            pair(sb, h.key(), h.value());
        }
        return sb.toString();
    }

    private static void pair(StringBuilder sb, String key, String value) {
        if (sb.length() > 0) {
            sb.append('&');
        }
        encode(sb, key);
        sb.append('=');
        encode(sb, value);
    }

    /** Appends {@code s} percent-encoded (UTF-8; unreserved characters as they are). */
    static void encode(StringBuilder sb, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    /**
     * The value of the {@code mansession_id} cookie among {@code Set-Cookie} header values (as sent, quotes
     * included, e.g. {@code "5f0c2a91"}), or null if none sets it.
     */
    static String sessionCookie(List<String> setCookieHeaders) {
        for (String header : setCookieHeaders) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(COOKIE)) {
                    String value = part.substring(eq + 1).trim();
                    if (!unquote(value).isEmpty()) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The {@code Max-Age} (seconds) of the {@code Set-Cookie} value that sets {@code mansession_id}: Asterisk's
     * {@code httptimeout}, how long the server keeps an idle session. -1 if absent or unreadable.
     */
    static long maxAgeSeconds(List<String> setCookieHeaders) {
        for (String header : setCookieHeaders) {
            if (!header.trim().regionMatches(true, 0, COOKIE + "=", 0, COOKIE.length() + 1)) {
                continue;
            }
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("Max-Age")) {
                    try {
                        return Long.parseLong(part.substring(eq + 1).trim());
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    /** Whether two cookie values name the same session (quotes optional, hex compared case-insensitively). */
    static boolean sameSession(String a, String b) {
        return unquote(a).toLowerCase(Locale.ROOT).equals(unquote(b).toLowerCase(Locale.ROOT));
    }

    private static String unquote(String v) {
        String s = v.trim();
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }
}
