package io.switchboard.testkit.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The security-class events Asterisk raises for AMI sessions, with the header layout of the 22.10.1
 * recordings (login_success.recv, invalid_action.recv). They are broadcast like every other event, so other
 * sessions that may read {@code security} see them too.
 */
final class SecurityEvents {
    private static final int SECURITY = Perms.bit("security");
    private static final DateTimeFormatter TV =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private SecurityEvents() {
    }

    /** {@code SuccessfulAuth}, raised after a login succeeded. */
    static ServerEvent successfulAuth(Connection c, String username) {
        byte[] wire = Wire.event("SuccessfulAuth", SECURITY)
                .add("EventTV", tv(Instant.now()))
                .add("Severity", "Informational")
                .add("Service", "AMI")
                .add("EventVersion", "1")
                .add("AccountID", username)
                .add("SessionID", sessionId(c))
                .add("LocalAddress", address(c.localPort()))
                .add("RemoteAddress", address(c.remotePort()))
                .add("UsingPassword", "0")   // Asterisk 22 says 0 for plain and MD5 logins alike
                .add("SessionTV", tv(c.createdAt()))
                .end();
        return ServerEvent.ofWire("SuccessfulAuth", SECURITY, wire);
    }

    /** {@code RequestBadFormat}, raised for an unknown or missing action ({@code action} null = missing). */
    static ServerEvent requestBadFormat(Connection c, String username, String action) {
        byte[] wire = Wire.event("RequestBadFormat", SECURITY)
                .add("EventTV", tv(Instant.now()))
                .add("Severity", "Error")
                .add("Service", "AMI")
                .add("EventVersion", "1")
                .add("SessionID", sessionId(c))
                .add("LocalAddress", address(c.localPort()))
                .add("RemoteAddress", address(c.remotePort()))
                .add("RequestType", "Action: " + (action == null ? "NONE" : action))
                .add("SessionTV", tv(c.createdAt()))
                .add("AccountID", username == null ? "" : username)
                .end();
        return ServerEvent.ofWire("RequestBadFormat", SECURITY, wire);
    }

    /** Asterisk prints the session's address; a stable per-session value that looks the same. */
    static String sessionId(Connection c) {
        return String.format("0x%012x", 0x7f3000000000L + c.number() * 0x1000L);
    }

    static String address(int port) {
        return "IPV4/TCP/127.0.0.1/" + port;
    }

    static String tv(Instant instant) {
        return TV.format(instant);
    }
}
