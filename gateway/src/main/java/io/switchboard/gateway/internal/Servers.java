package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.ami.ConnectionState;
import io.switchboard.live.AsteriskServer;
import io.switchboard.live.Channel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The configured servers by name, in configuration order; a server has a model once it first connected. */
public final class Servers {
    private final Map<String, ServerHandle> byName;
    private final Supplier<ObjectNode> kafkaHealth;

    /** Over the given servers (the list's order is kept). */
    public Servers(List<ServerHandle> handles) {
        this(handles, null);
    }

    /** Over the given servers, and the Kafka publisher's state for {@code /health} (null: no Kafka). */
    public Servers(List<ServerHandle> handles, Supplier<ObjectNode> kafkaHealth) {
        this.kafkaHealth = kafkaHealth;
        LinkedHashMap<String, ServerHandle> m = new LinkedHashMap<>();
        handles.forEach(h -> m.put(h.name(), h));
        this.byName = Collections.unmodifiableMap(m);
    }

    /** The {@code "kafka"} object of {@code /health}, or null without Kafka. */
    ObjectNode kafkaHealth() {
        return kafkaHealth == null ? null : kafkaHealth.get();
    }

    /** Every configured server, connected or not. */
    public Map<String, ServerHandle> handles() {
        return byName;
    }

    /** The servers that have a model (connected at least once), by name. */
    Map<String, AsteriskServer> connected() {
        LinkedHashMap<String, AsteriskServer> out = new LinkedHashMap<>();
        byName.forEach((name, h) -> {
            AsteriskServer m = h.model();
            if (m != null) {
                out.put(name, m);
            }
        });
        return out;
    }

    /**
     * The models to list for an optional {@code ?server=}: all connected ones, or just the named one (404 when
     * unknown, 503 when it never connected).
     */
    Map<String, AsteriskServer> select(String only) {
        if (only == null) {
            return connected();
        }
        return Map.of(only, get(only));
    }

    /** The server's model by name: 404 when unknown, 503 when it has not connected yet. */
    AsteriskServer get(String name) {
        ServerHandle h = byName.get(name);
        if (h == null) {
            throw ApiException.notFound("unknown server '" + name + "'");
        }
        AsteriskServer m = h.model();
        if (m == null) {
            throw new ApiException(503, "ami_unavailable", "server '" + name + "' is not connected ("
                    + h.state() + ")", null);
        }
        return m;
    }

    /**
     * The server's model for a request that talks to Asterisk: like {@link #get}, and 503 too while its
     * connection is not READY (lost, reconnecting, closed). The AMI client would hold the action until the
     * connection is back or the action's deadline passes (then 504), and run it late if it came back in time:
     * an API caller is better told at once.
     */
    AsteriskServer ready(String name) {
        AsteriskServer m = get(name);
        ConnectionState state = m.client().state();
        if (state != ConnectionState.READY) {
            throw new ApiException(503, "ami_unavailable", "server '" + name + "' is not connected (" + state + ")",
                    null);
        }
        return m;
    }

    /**
     * Like {@link #select}, for lists read from Asterisk on each request: all servers whose connection is READY,
     * or just the named one (404 when unknown, 503 when not READY).
     */
    Map<String, AsteriskServer> selectReady(String only) {
        if (only != null) {
            return Map.of(only, ready(only));
        }
        LinkedHashMap<String, AsteriskServer> out = new LinkedHashMap<>();
        connected().forEach((name, m) -> {
            if (m.client().state() == ConnectionState.READY) {
                out.put(name, m);
            }
        });
        return out;
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

    /** A live channel by Uniqueid (or name), else 404; from the model, which may be stale while disconnected. */
    Channel channel(String server, String id) {
        return channel(server, id, get(server));
    }

    /** A live channel to act on (hang up, redirect, variables, recording): also 503 unless READY ({@link #ready}). */
    Channel readyChannel(String server, String id) {
        return channel(server, id, ready(server));
    }

    private static Channel channel(String server, String id, AsteriskServer model) {
        Json.safe("uniqueid", id);
        return model.channel(id).filter(Channel::isAlive)
                .orElseThrow(() -> ApiException.notFound("no channel '" + id + "' on server '" + server + "'"));
    }
}
