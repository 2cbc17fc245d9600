package io.switchboard.testkit.internal;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One event filter as the {@code Filter} action (and {@code eventfilter} in manager.conf) defines it
 * (ami-protocol.md §8.4): legacy form {@code [!]regex} run against the whole formatted event, or the advanced
 * form with {@code MatchCriteria: action(include|exclude),name(X),header(H),method(M)}.
 *
 * <p>Regexes are Java regexes searched with {@code find()}, standing in for POSIX extended regexes run with
 * {@code regexec}: the common syntax is the same, exotic POSIX classes are not.
 */
public final class EventFilter {
    /** Why a filter was refused; the texts are Asterisk's. */
    public static final class InvalidFilterException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidFilterException(String message) {
            super(message, null, false, false);
        }
    }

    static final String DID_NOT_COMPILE = "Filter did not compile.  Check the syntax of the filter given.";
    static final String FORMATTED_INCORRECTLY =
            "Filter was formatted incorrectly.  Check the syntax of the filter given.";

    private enum Method { REGEX, EXACT, STARTS_WITH, ENDS_WITH, CONTAINS, NONE }

    private final boolean exclude;
    private final String eventName;
    private final String header;
    private final Method method;
    private final String pattern;
    private final Pattern regex;

    private EventFilter(boolean exclude, String eventName, String header, Method method, String pattern) {
        this.exclude = exclude;
        this.eventName = eventName;
        this.header = header;
        this.method = method;
        this.pattern = pattern;
        this.regex = method == Method.REGEX ? Pattern.compile(pattern) : null;
    }

    /**
     * Parses a filter. {@code criteria} is the MatchCriteria value (null or empty for the legacy form),
     * {@code pattern} the Filter value (may be null).
     */
    public static EventFilter parse(String criteria, String pattern) throws InvalidFilterException {
        String p = pattern == null ? "" : pattern;
        boolean hasCriteria = criteria != null && !criteria.isEmpty();
        if (!hasCriteria && p.isEmpty()) {
            throw new InvalidFilterException(FORMATTED_INCORRECTLY);
        }
        boolean exclude = false;
        if (p.startsWith("!")) {    // legacy negation; an explicit action(...) below wins
            exclude = true;
            p = p.substring(1);
        }
        String name = null;
        String header = null;
        Method method = null;
        if (hasCriteria) {
            for (String option : criteria.split(",", -1)) {
                String o = option.strip();
                if (o.equals("action(include)")) {
                    exclude = false;
                } else if (o.equals("action(exclude)")) {
                    exclude = true;
                } else if (o.startsWith("name(") && o.endsWith(")") && o.length() > 6) {
                    name = o.substring(5, o.length() - 1);
                } else if (o.startsWith("header(") && o.endsWith(")") && o.length() > 8) {
                    header = o.substring(7, o.length() - 1);
                } else if (o.startsWith("method(") && o.endsWith(")")) {
                    method = method(o.substring(7, o.length() - 1));
                } else {
                    throw new InvalidFilterException(FORMATTED_INCORRECTLY);
                }
            }
        }
        if (method == null) {
            method = p.isEmpty() ? Method.NONE : Method.REGEX;
        }
        if (method != Method.NONE && p.isEmpty()) {
            throw new InvalidFilterException(FORMATTED_INCORRECTLY);
        }
        try {
            return new EventFilter(exclude, name, header, method, p);
        } catch (PatternSyntaxException e) {
            throw new InvalidFilterException(DID_NOT_COMPILE);
        }
    }

    private static Method method(String m) throws InvalidFilterException {
        switch (m) {
            case "regex": return Method.REGEX;
            case "exact": return Method.EXACT;
            case "starts_with": return Method.STARTS_WITH;
            case "ends_with": return Method.ENDS_WITH;
            case "contains": return Method.CONTAINS;
            case "none": return Method.NONE;
            default: throw new InvalidFilterException(FORMATTED_INCORRECTLY);
        }
    }

    /** Whether this is an exclude filter. */
    public boolean isExclude() {
        return exclude;
    }

    /** Whether the event matches every criterion of this filter. */
    public boolean matches(ServerEvent event) {
        if (eventName != null && !eventName.equals(event.name())) {  // exact, case-sensitive (a hash in Asterisk)
            return false;
        }
        if (method == Method.NONE) {
            return true;
        }
        if (header == null) {
            return test(event.text());
        }
        // Every line "Header:" (case-sensitive), blanks after the colon skipped, empty values ignored.
        String text = event.text();
        String prefix = header + ":";
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf("\r\n", start);
            if (end < 0) {
                end = text.length();
            }
            if (text.startsWith(prefix, start)) {
                int v = start + prefix.length();
                while (v < end && text.charAt(v) <= ' ') {
                    v++;
                }
                if (v < end && test(text.substring(v, end))) {
                    return true;
                }
            }
            start = end + 2;
        }
        return false;
    }

    private boolean test(String value) {
        switch (method) {
            case REGEX: return regex.matcher(value).find();
            case EXACT: return value.equals(pattern);
            case STARTS_WITH: return value.startsWith(pattern);
            case ENDS_WITH: return value.endsWith(pattern);
            case CONTAINS: return value.contains(pattern);
            default: return true;
        }
    }
}
