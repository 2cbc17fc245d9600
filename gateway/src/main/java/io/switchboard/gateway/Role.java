package io.switchboard.gateway;

/**
 * What an API token may do. Each role includes the ones before it: a {@link #VIEWER} reads (servers, channels,
 * variables, bridges, peers, queues, parked calls, events, metrics); an {@link #OPERATOR} also places calls, hangs up, redirects, records and sets variables; an
 * {@link #ADMIN} also runs CLI commands and raw AMI actions.
 */
public enum Role {
    /** Read only. */
    VIEWER,
    /** Read, and act on calls. */
    OPERATOR,
    /** Everything, including CLI commands and raw AMI actions. */
    ADMIN;

    /** Whether a token with this role may use an endpoint that needs {@code required}. */
    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }

    /** Parses {@code viewer}, {@code operator} or {@code admin} (any case). */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + s + "' (viewer, operator, admin)");
    }
}
