package io.switchboard.ami.typed;

import java.util.Locale;
import java.util.Optional;

/**
 * Asterisk's authorization classes ({@code manager.h}, names from {@code manager.c}): what an event is
 * classed as (its {@code Privilege} label, filtered by a user's {@code read=}) and what an action needs
 * ({@code write=}).
 */
public enum AuthClass {
    SYSTEM, CALL, LOG, VERBOSE, COMMAND, AGENT, USER, CONFIG, DTMF, REPORTING, CDR, DIALPLAN, ORIGINATE, AGI, CC,
    AOC, TEST, SECURITY, MESSAGE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The label as Asterisk writes it: {@code call}, {@code system}, ... */
    public String label() {
        return label;
    }

    /** The class with this label (ignoring case), or empty ({@code all} is not a class). */
    public static Optional<AuthClass> fromLabel(String label) {
        String l = label.trim();
        for (AuthClass c : values()) {
            if (c.label.equalsIgnoreCase(l)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
