package io.switchboard.ami.internal;

import io.switchboard.ami.Packet;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One session with Asterisk, as the client sees it: actions go in, packets come out, and the end is reported
 * once. {@link Connection} is the TCP/TLS session; an HTTP transport maps the same contract onto
 * {@code /rawman} requests and {@code WaitEvent} polling. The client's logic (pending actions, lists, events,
 * reconnect) is the same over both.
 */
interface Transport {
    /** Receives what the transport reads. */
    interface Listener {
        /** One packet from the server, in order, on the transport's single delivery thread. */
        void onPacket(Packet packet);

        /**
         * The session ended and no packet will follow; {@code cause} is null for a close we asked for. Called
         * once, on the delivery thread, after the last packet.
         */
        void onClosed(Transport transport, Throwable cause);
    }

    /** Opens the session (connect, TLS handshake...) and starts delivering packets. */
    void open() throws IOException;

    /** The greeting line; "" if the server sent none; failed if the session ended first. */
    CompletableFuture<String> banner();

    /** Queues an action for writing; never blocks on a slow server for long. */
    void write(PendingAction action);

    /**
     * Queues the action for writing without waiting for the write: for callers that do not block on the answer
     * anyway, so that actions sent in quick succession go out together. Same order and loss rules as
     * {@link #write}.
     */
    default void writeSoon(PendingAction action) {
        write(action);
    }

    /** Actions queued but never written, removed from the queue. */
    List<PendingAction> drainUnwritten();

    boolean isOpen();

    /** The server will end the session (after Logoff): its end is then no loss. */
    void expectClose();

    /** Ends the session on our initiative. */
    void close();

    /** Ends the session because of {@code cause} (write failure, unanswered keepalive). */
    void abort(Throwable cause);

    /** Nanoseconds since anything last arrived from the server. */
    long idleNanos();

    /**
     * Nanoseconds the write in progress has been waiting for the server to take the bytes; 0 when not writing
     * (or when the transport cannot block that way).
     */
    default long writeBlockedNanos() {
        return 0;
    }

    /** Waits for the delivery thread to finish after close. */
    void awaitStopped(long millis) throws InterruptedException;
}
