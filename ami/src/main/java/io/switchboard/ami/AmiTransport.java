package io.switchboard.ami;

/** How the client reaches the Manager Interface. */
public enum AmiTransport {
    /** The AMI socket (port 5038, or 5039 with TLS): events are pushed as they happen. */
    TCP,
    /**
     * AMI over Asterisk's HTTP server ({@code /rawman} on port 8088, or 8089 with TLS), for sites that expose
     * only that: actions are HTTP requests on a {@code mansession_id} cookie session, events are fetched by
     * {@code WaitEvent} long polling. Needs {@code webenabled = yes} in manager.conf and http.conf enabled.
     */
    HTTP
}
