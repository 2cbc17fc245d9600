package io.switchboard.ami;

import java.time.Instant;
import java.util.Objects;

/**
 * A step in the life of a client's connection, published to {@link ConnectionListener}s in the order it
 * happened.
 *
 * @param type     what happened
 * @param at       when it happened
 * @param cause    why the connection was lost or a login failed; null otherwise
 * @param gapStart for {@link Type#RESTORED}: when the connection was lost (events between {@code gapStart} and
 *                 {@code at} were missed, so caches should resync); null otherwise
 * @param attempt  for reconnect steps: the attempt number, from 1; 0 otherwise
 */
public record ConnectionEvent(Type type, Instant at, Throwable cause, Instant gapStart, int attempt) {
    /** Kinds of connection events. */
    public enum Type {
        /** The first connection is logged in and ready. */
        CONNECTED,
        /** The connection broke (server closed, network error, keepalive unanswered, protocol error). */
        LOST,
        /** A reconnect attempt is about to be made. */
        RECONNECTING,
        /** A reconnect reached the server but the login was refused (e.g. the password changed). */
        LOGIN_FAILED,
        /**
         * A reconnect succeeded: logged in again, event mask and filters re-applied. Published before the actions
         * held during the gap are written, so none of them completes before listeners have heard of the gap.
         */
        RESTORED,
        /**
         * The client was closed ({@code close()}, or a {@code Logoff} action); final. Giving up reconnecting
         * publishes no event of its own: the last ones are {@code LOST} (reconnect off) or the last attempt's.
         */
        CLOSED
    }

    public ConnectionEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }
}
