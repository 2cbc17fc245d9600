package io.switchboard.live;

import java.util.Objects;

/**
 * A caller ID (or connected line): name and number, with Asterisk's {@code <unknown>} placeholder turned into
 * the empty string and the C escapes of the name undone, so {@code callerId.name().isEmpty()} means "none".
 *
 * @param name   display name, "" if none
 * @param number number, "" if none
 */
public record CallerId(String name, String number) {
    /** No caller ID. */
    public static final CallerId NONE = new CallerId("", "");

    public CallerId {
        name = name == null ? "" : name;
        number = number == null ? "" : number;
    }

    /** Parses {@code "Name" <number>}, {@code Name <number>} or a bare number. */
    public static CallerId parse(String callerId) {
        if (callerId == null || callerId.isBlank()) {
            return NONE;
        }
        String s = callerId.trim();
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String name = s.substring(0, lt).trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            return new CallerId(name, s.substring(lt + 1, gt).trim());
        }
        return new CallerId("", s);
    }

    /** {@code "Name" <number>}, the form the Originate {@code CallerID} header takes. */
    public String toHeader() {
        if (name.isEmpty()) {
            return number;
        }
        return "\"" + name.replace("\"", "") + "\" <" + number + ">";
    }

    /** Whether both parts are empty. */
    public boolean isEmpty() {
        return name.isEmpty() && number.isEmpty();
    }

    @Override
    public String toString() {
        return isEmpty() ? "<none>" : toHeader();
    }

    /** True if both are equal ignoring nothing (convenience for tests). */
    public boolean is(String name, String number) {
        return Objects.equals(this.name, name) && Objects.equals(this.number, number);
    }
}
