package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.switchboard.ami.ConnectionState;
import io.switchboard.live.AsteriskServer;
import io.switchboard.live.Channel;
import io.switchboard.recorder.CdrRecorder;

import java.util.List;
import java.util.regex.Pattern;


/** Servers and channels: list, get, hang up, redirect, variables. */
final class ChannelApi {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,80}");

    private final Servers servers;
    private final int maxBody;
    private final CdrRecorder recorder;

    ChannelApi(Servers servers, int maxBody, CdrRecorder recorder) {
        this.servers = servers;
        this.maxBody = maxBody;
        this.recorder = recorder;
    }

    void servers(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ServerHandle h : servers.handles().values()) {
            ObjectNode n = out.addObject();
            n.put("name", h.name());
            n.put("state", h.state().name());
            n.put("synced", h.isSynced());
        }
        Json.write(ctx, 200, out);
    }

    /**
     * {@code /health}, which needs no token. The Kafka publisher's last error is the text of a Kafka or database
     * exception (broker and database hosts, user names, topics): only for a caller with a valid token
     * ({@code withErrors}), not for anyone who can reach the port.
     */
    void health(Context ctx, boolean withErrors) {
        boolean allReady = servers.handles().values().stream()
                .allMatch(h -> h.state() == ConnectionState.READY);
        // A recorder that cannot reach its database still records (into its spool), but billing lags: degraded.
        boolean recorderOk = recorder == null || recorder.stats().dbAvailable();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("status", allReady && recorderOk ? "ok" : "degraded");
        if (recorder != null) {
            n.put("recorder", recorderOk ? "ok" : "spooling");
        }
        ObjectNode kafka = servers.kafkaHealth();
        if (kafka != null) {
            if (!withErrors) {
                kafka.remove(List.of("lastError", "lastErrorAt"));
            }
            n.set("kafka", kafka);
        }
        Json.write(ctx, 200, n);
    }

    void list(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        servers.select(ctx.queryParam("server")).forEach((name, s) -> addChannels(out, name, s));
        Json.write(ctx, 200, out);
    }

    private static void addChannels(ArrayNode out, String name, AsteriskServer s) {
        for (Channel c : s.channels()) {
            out.add(Views.channel(name, c));
        }
    }

    void get(Context ctx) {
        String server = ctx.pathParam("server");
        // The model's view: served from the last known state while the connection is down, like the lists.
        Json.write(ctx, 200, Views.channel(server, servers.channel(server, ctx.pathParam("uniqueid"))));
    }

    void hangup(Context ctx) {
        ObjectNode body = Json.body(ctx, maxBody);
        int cause = Json.optInt(body, "cause", 16, 0, 127);
        Channel c = channel(ctx);
        c.hangup(cause);
        Json.write(ctx, 202, status(ctx, "hangup requested"));
    }

    void redirect(Context ctx) {
        ObjectNode body = Json.body(ctx, maxBody);
        String context = Json.text(body, "context");
        String exten = Json.text(body, "exten");
        int priority = Json.optInt(body, "priority", 1, 1, Integer.MAX_VALUE);
        channel(ctx).redirect(context, exten, priority);
        Json.write(ctx, 202, status(ctx, "redirect requested"));
    }

    void getVariable(Context ctx) {
        String name = variableName(ctx);
        String value = channel(ctx).variable(name);
        Json.write(ctx, 200, variable(ctx, name, value));
    }

    void setVariable(Context ctx) {
        String name = variableName(ctx);
        ObjectNode body = Json.body(ctx, maxBody);
        if (!body.has("value") || !body.get("value").isTextual()) {
            throw ApiException.badRequest("value", "required, a string");
        }
        String value = Json.optText(body, "value");
        channel(ctx).setVariable(name, value);
        Json.write(ctx, 200, variable(ctx, name, value));
    }

    /** The channel of the path, to act on: 503 while its server is not READY. */
    private Channel channel(Context ctx) {
        return servers.readyChannel(ctx.pathParam("server"), ctx.pathParam("uniqueid"));
    }

    /**
     * A plain channel variable name (an inheritance prefix {@code _}/{@code __} included). Getvar and Setvar
     * evaluate a dialplan function given as the name, so {@code ENV(...)}, {@code DB(...)}, {@code SHELL(...)} or
     * {@code FILE(...)} would let a viewer read the Asterisk process's environment and database (and, where
     * Asterisk allows it, run commands or read files): functions are for admins, through {@code /actions}.
     */
    private static String variableName(Context ctx) {
        String name = Json.safe("name", ctx.pathParam("name"));
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name", "must be a channel variable name: 1 to 80 letters, digits and _"
                    + " (no dialplan functions)");
        }
        return name;
    }

    private static ObjectNode variable(Context ctx, String name, String value) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", ctx.pathParam("server"));
        n.put("uniqueid", ctx.pathParam("uniqueid"));
        n.put("name", name);
        n.put("value", value);
        return n;
    }

    private static ObjectNode status(Context ctx, String status) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", ctx.pathParam("server"));
        n.put("uniqueid", ctx.pathParam("uniqueid"));
        n.put("status", status);
        return n;
    }
}
