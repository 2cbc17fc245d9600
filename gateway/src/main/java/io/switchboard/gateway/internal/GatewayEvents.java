package io.switchboard.gateway.internal;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.Subscription;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event hubs of all servers, fed by one subscription per AMI client. Every configured server has its hub
 * from the start (so {@code ?server=} works while it is still connecting); events flow once it is followed.
 */
public final class GatewayEvents {
    private final Map<String, EventHub> hubs;

    /** Hubs for these servers, with {@code capacity} events kept per server. */
    public GatewayEvents(List<String> servers, int capacity) {
        LinkedHashMap<String, EventHub> m = new LinkedHashMap<>();
        servers.forEach(s -> m.put(s, new EventHub(s, capacity)));
        this.hubs = Collections.unmodifiableMap(m);
    }

    /** Starts buffering and fanning out the events of {@code client} under {@code server}. */
    public Subscription follow(String server, AmiClient client) {
        EventHub hub = hubs.get(server);
        if (hub == null) {
            throw new IllegalArgumentException("unknown server '" + server + "'");
        }
        return client.onAny(hub::publish);
    }

    Map<String, EventHub> hubs() {
        return hubs;
    }
}
