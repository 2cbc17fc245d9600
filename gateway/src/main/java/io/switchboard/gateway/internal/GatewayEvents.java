package io.switchboard.gateway.internal;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.Subscription;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The event hubs of all servers, fed by one subscription per AMI client. */
public final class GatewayEvents {
    private final int capacity;
    private final Map<String, EventHub> hubs = new LinkedHashMap<>();

    /** With {@code capacity} events kept per server. */
    public GatewayEvents(int capacity) {
        this.capacity = capacity;
    }

    /** Starts buffering and fanning out the events of {@code client} under {@code server}. */
    public Subscription follow(String server, AmiClient client) {
        EventHub hub = new EventHub(server, capacity);
        hubs.put(server, hub);
        return client.onAny(hub::publish);
    }

    Map<String, EventHub> hubs() {
        return Collections.unmodifiableMap(hubs);
    }
}
