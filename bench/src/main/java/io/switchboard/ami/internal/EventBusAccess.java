package io.switchboard.ami.internal;

import io.switchboard.ami.Event;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Subscription;

import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Bench only: an {@link EventBus} driven without a connection, so a JMH benchmark measures what the reader thread
 * spends per event in {@link EventBus#publish} and nothing else. It lives in the bus's package (in the bench
 * module, not in {@code ami}), so {@code ami} keeps its bus package-private.
 */
public final class EventBusAccess {
    private static final int CAPACITY = 1024;

    private final EventBus bus;

    public EventBusAccess(Executor executor) {
        this.bus = new EventBus(executor);
    }

    /** A channel subscription, keyed as {@code AmiClient.onChannel} keys it. */
    public Subscription onChannel(String channel, EventListener listener) {
        return bus.subscribeChannels(new String[] {ChannelNames.key(channel)}, listener, CAPACITY,
                OverflowPolicy.BLOCK);
    }

    /** A predicate subscription, as {@code AmiClient.on(Predicate, ...)} makes it. */
    public Subscription on(Predicate<Event> filter, EventListener listener) {
        return bus.subscribe(filter, listener, CAPACITY, OverflowPolicy.BLOCK);
    }

    /** What the reader thread does with an event packet; returns whether a subscription took it. */
    public boolean publish(Packet packet, long sequence) {
        return bus.publish(packet, sequence);
    }
}
