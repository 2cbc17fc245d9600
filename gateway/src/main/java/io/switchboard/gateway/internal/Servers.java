package io.switchboard.gateway.internal;

import io.switchboard.live.AsteriskServer;
import io.switchboard.live.Channel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connected servers by configured name, in configuration order. */
public final class Servers {
    private final Map<String, AsteriskServer> byName;

    /** Over the given models (the map's order is kept). */
    public Servers(LinkedHashMap<String, AsteriskServer> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** All servers. */
    public Map<String, AsteriskServer> all() {
        return byName;
    }

    /** The server by name, else 404. */
    AsteriskServer get(String name) {
        AsteriskServer s = byName.get(name);
        if (s == null) {
            throw ApiException.notFound("unknown server '" + name + "'");
        }
        return s;
    }

    /** The server named in a request body; may be left out when only one is configured. */
    String nameOrOnly(String name) {
        if (name != null) {
            get(name);
            return name;
        }
        if (byName.size() == 1) {
            return byName.keySet().iterator().next();
        }
        throw ApiException.badRequest("server", "required when several servers are configured");
    }

    /** A live channel by Uniqueid (or name), else 404. */
    Channel channel(String server, String id) {
        Json.safe("uniqueid", id);
        return get(server).channel(id).filter(Channel::isAlive)
                .orElseThrow(() -> ApiException.notFound("no channel '" + id + "' on server '" + server + "'"));
    }
}
