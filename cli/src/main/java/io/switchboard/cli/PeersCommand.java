package io.switchboard.cli;

import io.switchboard.live.AsteriskServer;
import io.switchboard.live.Endpoint;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code switchboard peers}: the PJSIP endpoints with their device state and contacts, asked from Asterisk now
 * ({@code AsteriskServer.endpoints()}: PJSIPShowEndpoints and PJSIPShowContacts).
 */
@Command(name = "peers",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"List the PJSIP endpoints with their state and contacts.",
                "The secret comes from $" + ConnectionOptions.SECRET_ENV + " or --secret-file, never from the "
                        + "command line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:listed (also when there are none)",
                "2:invalid usage, no secret, login refused, connection failed or lost, or no answer in time"})
final class PeersCommand extends LiveListCommand {
    @Override
    void list(AsteriskServer server, PrintWriter out) {
        List<Endpoint> endpoints = server.endpoints();
        if (json) {
            endpoints.forEach(e -> JsonLines.write(out, json(e)));
        } else if (endpoints.isEmpty()) {
            out.println("no PJSIP endpoints");
        } else {
            Table table = new Table("ENDPOINT", "STATE", "CHANNELS", "CONTACT", "STATUS", "RTT");
            for (Endpoint e : endpoints) {
                if (e.contacts().isEmpty()) {
                    table.row(e.name(), e.deviceState(), e.activeChannels(), "-", "", "");
                }
                boolean first = true;
                for (Endpoint.Contact c : e.contacts()) {
                    table.row(first ? e.name() : "", first ? e.deviceState() : "",
                            first ? e.activeChannels() : "", c.uri(), c.status(), rtt(c));
                    first = false;
                }
            }
            table.print(out, "");
        }
    }

    private static String rtt(Endpoint.Contact c) {
        return c.rttMicros() < 0 ? "" : String.format("%.1f ms", c.rttMicros() / 1000.0);
    }

    private static Map<String, Object> json(Endpoint e) {
        Map<String, Object> o = JsonLines.object();
        o.put("name", e.name());
        o.put("deviceState", e.deviceState());
        o.put("activeChannels", e.activeChannels());
        o.put("reachable", e.isReachable());
        o.put("transport", e.transport());
        o.put("aors", e.aors());
        o.put("auths", e.auths());
        o.put("outboundAuths", e.outboundAuths());
        o.put("contacts", e.contacts().stream().map(c -> {
            Map<String, Object> j = JsonLines.object();
            j.put("aor", c.aor());
            j.put("uri", c.uri());
            j.put("status", c.status());
            j.put("rttMicros", c.rttMicros());
            j.put("userAgent", c.userAgent());
            return j;
        }).toList());
        return o;
    }
}
