package io.switchboard.ami;

/**
 * Hears every {@link ConnectionEvent} of a client, in order. Called on the client's internal threads (the
 * reader or the reconnect thread) outside any lock: keep it fast. It may call {@code sendAsync} at any time.
 * A blocking {@code send} is fine from {@link ConnectionEvent.Type#RESTORED} and
 * {@link ConnectionEvent.Type#CONNECTED} (the connection is ready then, e.g. to resync a cache), but from
 * {@code LOST}, {@code RECONNECTING} or {@code LOGIN_FAILED} it would wait for a connection that this very
 * thread is about to make, so it only ends at the action's deadline: hand such work to another thread.
 */
@FunctionalInterface
public interface ConnectionListener {
    void onConnectionEvent(ConnectionEvent event);
}
