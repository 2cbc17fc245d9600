package io.switchboard.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * AMI authorization classes (ami-protocol.md §6): the bit of each label, and Asterisk's two parsers for class
 * lists. Both parsers reproduce Asterisk's quirks on purpose, because users test their configuration strings
 * against FakeAsterisk: matching is case-sensitive, pieces other than the last match as prefixes, and a
 * digits-only event mask is a raw bit mask.
 */
public final class Perms {
    /** Every class bit and "all" (INT_MAX in Asterisk). */
    public static final int ALL = Integer.MAX_VALUE;

    private static final String[] LABELS = {
        "system", "call", "log", "verbose", "command", "agent", "user", "config", "dtmf", "reporting", "cdr",
        "dialplan", "originate", "agi", null /* hookresponse: never on the wire */, "cc", "aoc", "test",
        "security", null, null, null, null, null, null, null, null, null, null, null, "message"};

    private Perms() {
    }

    /** The bit of a class label (exact, case-sensitive), 0 if unknown. {@code all} gives {@link #ALL}. */
    public static int bit(String label) {
        if (label.equals("all")) {
            return ALL;
        }
        for (int i = 0; i < LABELS.length; i++) {
            if (label.equals(LABELS[i])) {
                return 1 << i;
            }
        }
        return 0;
    }

    /**
     * Asterisk's {@code get_perm}: a comma-separated class list as in manager.conf {@code read=}/{@code write=}.
     * Every piece but the last matches any label it is a prefix of; the last must equal a label.
     */
    public static int parseList(String list) {
        if (list == null) {
            return 0;
        }
        int mask = 0;
        for (int i = 0; i < LABELS.length; i++) {
            if (LABELS[i] != null && inList(list, LABELS[i])) {
                mask |= 1 << i;
            }
        }
        if (inList(list, "all")) {
            mask |= ALL;
        }
        return mask;
    }

    /** {@code ast_instring}: whether {@code label} is named by {@code list}, with the prefix rule above. */
    private static boolean inList(String list, String label) {
        int start = 0;
        while (true) {
            int comma = list.indexOf(',', start);
            if (comma < 0) {
                return list.substring(start).equals(label);
            }
            String piece = list.substring(start, comma);
            if (label.startsWith(piece)) {
                return true;
            }
            start = comma + 1;
            if (start >= list.length()) {
                return false;
            }
        }
    }

    /**
     * Asterisk's {@code strings_to_mask} for Login {@code Events:} and the Events action: -1 for an empty value
     * (invalid), a raw bit mask for digits only, all/none for the boolean words, else {@link #parseList}.
     */
    public static int parseEventMask(String value) {
        if (value == null || value.isEmpty()) {
            return -1;
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // atoi: overflow is undefined in C; keep the low 32 bits so huge masks stay deterministic.
            return new java.math.BigInteger(value).intValue();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "no": case "false": case "n": case "f": case "off":
                return 0;
            case "yes": case "true": case "y": case "t": case "on":
                return ALL;
            default:
                return parseList(value);
        }
    }

    /**
     * The class of a broadcast event, from its {@code Privilege} header ({@code "call,all"}). Labels other than
     * {@code all} are ORed; unknown labels count for nothing, so an event without Privilege has class 0 and
     * reaches every session, as a class-0 event does in Asterisk.
     */
    public static int privilegeClass(String privilege) {
        if (privilege == null) {
            return 0;
        }
        int mask = 0;
        for (String label : privilege.split(",")) {
            String l = label.strip();
            if (!l.equals("all")) {
                mask |= bit(l);
            }
        }
        return mask;
    }

    /** Asterisk's {@code authority_to_str}: the labels of the set bits, then {@code all}. */
    public static String privilege(int mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < LABELS.length; i++) {
            if (LABELS[i] != null && (mask & (1 << i)) != 0) {
                out.add(LABELS[i]);
            }
        }
        out.add("all");
        return String.join(",", out);
    }
}
