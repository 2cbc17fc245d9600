package io.switchboard.ami;

import java.time.Duration;

/**
 * Hooks for metrics, so a monitoring system (Micrometer in the gateway) can observe the client without the core
 * depending on it. Every method has a no-op default; implementations must be fast and thread-safe, because
 * {@link #eventReceived} runs on the socket reader for every event.
 */
public interface AmiMetrics {
    /** Does nothing. */
    AmiMetrics NONE = new AmiMetrics() {
    };

    /** An action got its complete answer ({@code success} false for {@code Response: Error}). */
    default void actionCompleted(String action, Duration latency, boolean success) {
    }

    /** An action passed its deadline without an answer. */
    default void actionTimedOut(String action) {
    }

    /** An action was failed because its connection ended. */
    default void actionLost(String action, ConnectionLostException.Outcome outcome) {
    }

    /** An action was written again after a reconnect. */
    default void actionResent(String action) {
    }

    /** An event was read (before it is dispatched to subscriptions). */
    default void eventReceived(String eventName) {
    }

    /** A connection step: lost, restored, login failed... */
    default void connectionEvent(ConnectionEvent event) {
    }
}
