package io.switchboard.ami.internal;

import java.util.Locale;

/**
 * The channel-name rules behind {@code AmiClient.onChannel}: what a channel subscription is keyed by, and the
 * endpoint ("device") a channel belongs to. Kept apart from the index so the rules can be tested on their own.
 */
final class ChannelNames {
    private ChannelNames() {
    }

    /**
     * The index key for a subscription argument: the argument without surrounding blanks, lower-cased. Throws
     * {@link IllegalArgumentException} for null, blank, or CR/LF (no header value can hold them, so such a
     * subscription could never match and is surely a mistake).
     */
    static String key(String channel) {
        if (channel == null) {
            throw new IllegalArgumentException("channel must not be null");
        }
        if (channel.indexOf('\r') >= 0 || channel.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("channel must not contain CR or LF");
        }
        String stripped = channel.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("channel must not be blank");
        }
        return stripped.toLowerCase(Locale.ROOT);
    }

    /**
     * The endpoint of a channel name: the name without its unique suffix, i.e. without the last {@code -} and what
     * follows it, where a trailing {@code ;1} or {@code ;2} (the two halves of a Local channel) is ignored when
     * looking for that {@code -} and dropped with the suffix. {@code PJSIP/alice-00000001} gives
     * {@code PJSIP/alice}, {@code PJSIP/alice-bob-00000003} gives {@code PJSIP/alice-bob} (only the last dash
     * counts), {@code Local/100@default-00000002;1} gives {@code Local/100@default}. Returns null when the name
     * has no {@code -} (before that {@code ;1}/{@code ;2}) or only a leading one: such a name has no endpoint.
     */
    static String endpoint(String channel) {
        int end = channel.length();
        if (end >= 2 && channel.charAt(end - 2) == ';' && (channel.charAt(end - 1) == '1'
                || channel.charAt(end - 1) == '2')) {
            end -= 2;
        }
        int dash = channel.lastIndexOf('-', end - 1);
        return dash <= 0 ? null : channel.substring(0, dash);
    }
}
