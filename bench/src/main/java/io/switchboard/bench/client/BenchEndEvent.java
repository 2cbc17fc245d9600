package io.switchboard.bench.client;

import org.asteriskjava.manager.event.UserEvent;

/**
 * The sentinel as asterisk-java sees it: it builds {@code UserEvent}s only for registered classes, so the
 * harness registers this one ({@code UserEvent: BenchEnd}).
 */
public class BenchEndEvent extends UserEvent {
    private static final long serialVersionUID = 1L;

    public BenchEndEvent(Object source) {
        super(source);
    }
}
