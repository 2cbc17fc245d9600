package io.switchboard.ami;

/**
 * Hears every {@link ConnectionEvent} of a client, in order. Called on the client's internal threads (the
 * reader or the reconnect thread) outside any lock: keep it fast, and never call back into the client from it
 * synchronously (hand work to another thread if it must send, e.g. to resync a cache after
 * {@link ConnectionEvent.Type#RESTORED}).
 */
@FunctionalInterface
public interface ConnectionListener {
    void onConnectionEvent(ConnectionEvent event);
}
