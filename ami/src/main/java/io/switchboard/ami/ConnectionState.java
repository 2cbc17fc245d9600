package io.switchboard.ami;

/** Where a client's connection is in its life. */
public enum ConnectionState {
    /** Opening the TCP (or TLS) connection and reading the banner. */
    CONNECTING,
    /** Logging in. */
    AUTHENTICATING,
    /** Logged in; actions and events flow. */
    READY,
    /**
     * The connection broke; a reconnect will be tried if configured. A client with reconnect off, or that used up
     * {@link AmiConfig#maxReconnectAttempts()}, stays here: actions then fail at once as not sent.
     */
    LOST,
    /** Waiting for the next reconnect attempt or making it. */
    RECONNECTING,
    /** Closed by the user ({@code close()}, or a {@code Logoff} action); final. */
    CLOSED
}
