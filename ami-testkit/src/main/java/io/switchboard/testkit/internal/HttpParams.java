package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Request parameters of the HTTP manager as Asterisk reads them (ami-protocol.md §11): {@code name=value} pairs
 * separated by {@code &}, URL-decoded with {@code +} as a space, in order, repeated names repeated; each becomes
 * a request header {@code name: value}. Also the {@code mansession_id} cookie.
 */
final class HttpParams {
    private HttpParams() {
    }

    /** The request headers of a query string or form body (null or empty: none). */
    static Packet toRequest(String form) {
        Packet.Builder builder = Packet.builder();
        if (form == null || form.isEmpty()) {
            return builder.build();
        }
        int headers = 0;
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (headers == RequestReader.MAX_HEADERS) {
                break;  // Asterisk copies at most AST_MAX_MANHEADERS parameters and silently drops the rest
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!name.isEmpty()) {
                builder.add(name, value);
                headers++;
            }
        }
        return builder.build();
    }

    /**
     * Percent-decoding (UTF-8) with {@code +} as a space; a malformed escape is kept as it is. {@code s} holds the
     * request's bytes one char each (ISO-8859-1), so bytes sent without escaping (raw UTF-8) decode as well.
     */
    static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c <= 0xff) {
                out.write(c);  // a raw byte sent unescaped: kept as the byte it is, as Asterisk does
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** The session id in a {@code Cookie} header ({@code mansession_id}, quotes optional, hex), or -1. */
    static long sessionId(List<String> cookieHeaders) {
        if (cookieHeaders == null) {
            return -1;
        }
        for (String header : cookieHeaders) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq <= 0 || !part.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("mansession_id")) {
                    continue;
                }
                String value = part.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                try {
                    return Long.parseLong(value, 16) & 0xffffffffL;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
