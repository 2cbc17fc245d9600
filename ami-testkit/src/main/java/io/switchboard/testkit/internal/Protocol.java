package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import java.io.IOException;

/**
 * What a session does with its connection: the live AMI server logic, or a transcript replay. Called on the
 * session's reader thread only (except {@link #accepts}, see there), so implementations need no locking for
 * their own state beyond what {@link #accepts} reads.
 */
interface Protocol {
    /** Called once when the client connects: write the banner. */
    void open(Connection connection) throws IOException;

    /** One request from the client. The connection writes queued events after this returns. */
    void onPacket(Connection connection, Packet request) throws IOException;

    /**
     * A TCP request that Asterisk would not run ({@link RequestReader}): a line over its buffer or more than 128
     * lines; {@code request} holds the lines that were kept. By default it is handled like any request.
     */
    default void onBadRequest(Connection connection, Packet request, RequestReader.Problem problem)
            throws IOException {
        onPacket(connection, request);
    }

    /** Whether this session should receive a broadcast event now; called on the flushing thread. */
    boolean accepts(ServerEvent event);

    /** Whether the session has logged in (for counters); replays count as logged in. */
    boolean loggedIn();
}
