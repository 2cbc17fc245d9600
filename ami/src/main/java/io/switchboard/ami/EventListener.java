package io.switchboard.ami;

/**
 * Receives events of one subscription, one at a time, in wire order, on a thread of the client's event pool
 * (never the socket reader). A listener may call {@link AmiClient#send} and block; only its own subscription
 * waits meanwhile. An exception thrown by a listener is logged and the next event is still delivered.
 */
@FunctionalInterface
public interface EventListener {
    void onEvent(Event event);
}
