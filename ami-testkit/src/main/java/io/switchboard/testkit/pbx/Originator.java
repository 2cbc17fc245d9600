package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Originate (AMI, sync and async), and the CLI's {@code channel originate}: validation with Asterisk's error
 * texts ({@code action_originate}), channel creation, the dial, then the application or dialplan on the
 * originated channel, and the OriginateResponse event for async requests.
 */
final class Originator {
    /** An originate request, however it arrived. */
    static final class Request {
        String channel;
        String application;
        String data;
        String context;
        String exten;
        int priority;
        int timeoutMs = 30000;
        String callerId;
        String account;
        String channelId;
        String otherChannelId;
        List<Map.Entry<String, String>> variables = List.of();
    }

    /** How an originate ended: answered (with the originated channel) or failed (with a Reason code). */
    interface Outcome {
        void answered(SimChannel channel);

        void failed(int reason);
    }

    static final int MAX_UNIQUEID = 149;

    private final Pbx pbx;

    Originator(Pbx pbx) {
        this.pbx = pbx;
    }

    /** The Originate action. Sync requests finish {@code reply} when the call is answered or has failed. */
    void action(Packet a, Reply reply) {
        Request r = new Request();
        r.channel = a.get("Channel");
        r.application = blankToNull(a.get("Application"));
        r.data = a.get("Data");
        r.context = blankToNull(a.get("Context"));
        r.exten = blankToNull(a.get("Exten"));
        r.callerId = blankToNull(a.get("CallerID"));
        r.account = blankToNull(a.get("Account"));
        r.channelId = blankToNull(a.get("ChannelId"));
        r.otherChannelId = blankToNull(a.get("OtherChannelId"));
        r.variables = Text.parseVariables(a.getAll("Variable"));
        if (r.channel == null || r.channel.isEmpty()) {
            reply.error("Channel not specified");
            return;
        }
        String priority = blankToNull(a.get("Priority"));
        if (priority != null) {
            try {
                r.priority = Integer.parseInt(priority.trim());
            } catch (NumberFormatException e) {
                r.priority = pbx.dialplan.findLabel(r.context, r.exten, priority);
                if (r.priority < 1) {
                    reply.error("Invalid priority");
                    return;
                }
            }
        }
        String timeout = blankToNull(a.get("Timeout"));
        if (timeout != null) {
            try {
                r.timeoutMs = Integer.parseInt(timeout.trim());
            } catch (NumberFormatException e) {
                reply.error("Invalid timeout");
                return;
            }
        }
        if (r.channel.indexOf('/') < 0) {
            reply.error("Invalid channel");
            return;
        }
        if ((r.channelId != null && r.channelId.length() > MAX_UNIQUEID)
                || (r.otherChannelId != null && r.otherChannelId.length() > MAX_UNIQUEID)) {
            // Asterisk ends this text with a bare LF, which a Packet cannot carry; the text is otherwise exact.
            reply.error("Uniqueid length exceeds maximum of " + MAX_UNIQUEID);
            return;
        }
        if (r.application == null && r.context != null && r.exten != null && r.priority > 0
                && !pbx.dialplan.exists(r.context, r.exten)) {
            reply.error("Extension does not exist.");
            return;
        }
        boolean async = isTrue(a.get("Async"));
        if (!async && r.application == null && (r.exten == null || r.context == null || r.priority == 0)) {
            reply.error("Originate with 'Exten' requires 'Context' and 'Priority'");
            return;
        }
        if (async) {
            reply.success("Originate successfully queued");
            place(r, new Outcome() {
                @Override
                public void answered(SimChannel channel) {
                    originateResponse(reply.actionId(), r, "Success", channel.name, 4, channel.uniqueid);
                }

                @Override
                public void failed(int reason) {
                    originateResponse(reply.actionId(), r, "Failure", r.channel, reason,
                            r.channelId != null ? r.channelId : "<unknown>");
                }
            });
            return;
        }
        place(r, new Outcome() {
            @Override
            public void answered(SimChannel channel) {
                reply.success("Originate successfully queued");
            }

            @Override
            public void failed(int reason) {
                reply.error("Originate failed");
            }
        });
    }

    private void originateResponse(String actionId, Request r, String response, String channel, int reason,
                                   String uniqueid) {
        Packet.Builder b = pbx.ev.start("OriginateResponse", "call");
        if (actionId != null) {
            b.add("ActionID", actionId);
        }
        b.add("Response", response).add("Channel", channel);
        if (r.application != null) {
            b.add("Application", r.application).add("Data", r.data == null ? "" : r.data);
        } else {
            b.add("Context", r.context == null ? "" : r.context).add("Exten", r.exten == null ? "" : r.exten);
        }
        String[] cid = Text.parseCallerId(r.callerId);
        pbx.ev.emit(b.add("Reason", Integer.toString(reason)).add("Uniqueid", uniqueid)
                .add("CallerIDNum", Text.orUnknown(cid[1])).add("CallerIDName", Text.orUnknown(cid[0])));
    }

    /** Creates the channel(s), dials, and on answer starts the application or the dialplan on it. */
    void place(Request r, Outcome outcome) {
        String tech = r.channel.substring(0, r.channel.indexOf('/'));
        String resource = r.channel.substring(r.channel.indexOf('/') + 1);
        boolean local = tech.equalsIgnoreCase("Local");
        if ((!local && !Calls.isEndpointTech(tech)) || resource.isEmpty()
                || (r.channelId != null && pbx.uniqueidInUse(r.channelId))
                || (r.otherChannelId != null && pbx.uniqueidInUse(r.otherChannelId))) {
            // No such channel driver (or a Uniqueid already taken): nothing is created, the request fails.
            pbx.execute(() -> outcome.failed(0));
            return;
        }
        String[] cid = Text.parseCallerId(r.callerId);
        SimChannel out;
        if (local) {
            String[] where = localTarget(resource);
            SimChannel[] pair = pbx.calls.newLocalPair(where[0], where[1], null, r.channelId, r.otherChannelId);
            out = pair[0];
            SimChannel two = pair[1];
            if (r.account != null) {
                out.accountCode = r.account;
                two.accountCode = r.account;
            }
            out.application = "AppDial2";
            out.appData = "(Outgoing Line)";
            pbx.ev.newexten(out, "AppDial2", "(Outgoing Line)");
            // The originated half gets the variables in reverse (they are prepended to a list on the way),
            // the other half receives them copied in request order.
            for (int i = r.variables.size() - 1; i >= 0; i--) {
                setVar(out, r.variables.get(i));
            }
            callerId(out, cid);
            for (Map.Entry<String, String> v : r.variables) {
                setVar(two, v);
            }
            callerId(two, cid);
        } else {
            out = pbx.calls.newEndpoint(tech, resource, null, r.channelId);
            if (r.account != null) {
                out.accountCode = r.account;
            }
            for (Map.Entry<String, String> v : r.variables) {
                setVar(out, v);
            }
            callerId(out, cid);
        }
        Outbound o = new Outbound(out, null, resource, new Outbound.Listener() {
            @Override
            public void answered(Outbound call) {
                SimChannel c = call.chan;
                outcome.answered(c);
                if (r.application != null) {
                    pbx.runner.runApp(c, r.application, r.data == null ? "" : r.data);
                } else if (r.context != null && r.exten != null && r.priority > 0) {
                    pbx.runner.jump(c, r.context, r.exten, r.priority);
                } else {
                    pbx.runner.jump(c, "default", "s", 1);
                }
            }

            @Override
            public void failed(Outbound call, int reason, String status) {
                outcome.failed(reason);
            }
        });
        pbx.calls.dial(o, r.timeoutMs / 1000.0);
    }

    private void setVar(SimChannel c, Map.Entry<String, String> v) {
        if (Expressions.isFunction(v.getKey())) {
            Expressions.write(v.getKey(), v.getValue(), c, pbx);
            return;
        }
        c.setVar(v.getKey(), v.getValue());
        pbx.ev.varSet(c, v.getKey(), v.getValue());
    }

    private void callerId(SimChannel c, String[] cid) {
        if (cid[0].isEmpty() && cid[1].isEmpty()) {
            return;
        }
        c.cidName = cid[0];
        c.cidNum = cid[1];
        pbx.ev.newCallerid(c);
        c.connName = cid[0];
        c.connNum = cid[1];
        pbx.ev.channelEvent("NewConnectedLine", c);
    }

    /** {@code exten@context[/options]} of a Local dial string; the context defaults to "default". */
    static String[] localTarget(String resource) {
        String s = resource;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        int at = s.indexOf('@');
        return at < 0 ? new String[] {s, "default"} : new String[] {s.substring(0, at), s.substring(at + 1)};
    }

    static boolean isTrue(String v) {
        if (v == null) {
            return false;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "y", "t", "1", "on" -> true;
            default -> false;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
