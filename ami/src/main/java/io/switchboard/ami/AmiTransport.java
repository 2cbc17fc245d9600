package io.switchboard.ami;

/** How the client reaches the Manager Interface. */
public enum AmiTransport {
    /** The AMI socket (port 5038, or 5039 with TLS): events are pushed as they happen. */
    TCP,
    /**
     * AMI over Asterisk's HTTP server ({@code /rawman} on port 8088, or 8089 with TLS), for sites that expose
     * only that: actions are HTTP requests on a {@code mansession_id} cookie session, events are fetched by
     * {@code WaitEvent} long polling. Needs {@code webenabled = yes} in manager.conf and http.conf enabled.
     *
     * <p>What differs from TCP: a session the server forgot (expiry, restart) is a lost connection, and an
     * action it answered on a fresh session surely never ran, so it waits for the next one; with events off the
     * transport sends a {@code Ping} when idle for a third of the cookie's {@code Max-Age}, so an idle session
     * is not forgotten. A request the server refuses as too large (HTTP 413; Asterisk takes 40960 bytes of form)
     * fails that action alone. A reply body is decoded as it arrives, within the configured decoder limits and
     * at most four times their packet size in all; a body that is not AMI, is cut short or exceeds that ends
     * the session with a {@link ProtocolException} as the cause.
     */
    HTTP
}
