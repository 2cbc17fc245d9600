package io.switchboard.live.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.Event;
import io.switchboard.live.Endpoint;
import io.switchboard.live.Peer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads PJSIP endpoints and their contacts. A query rather than a live view: endpoint configuration rarely
 * changes and contact state is cheap to ask for, while keeping it live would need every ContactStatus,
 * DeviceStateChange and reload to be followed.
 */
final class Endpoints {
    private Endpoints() {
    }

    static List<Endpoint> read(AmiClient client) {
        List<Event> endpoints = list(client, "PJSIPShowEndpoints");
        if (endpoints.isEmpty()) {
            return List.of();
        }
        Map<String, List<Endpoint.Contact>> contactsByAor = new LinkedHashMap<>();
        Map<String, List<Endpoint.Contact>> contactsByEndpoint = new LinkedHashMap<>();
        for (Event c : list(client, "PJSIPShowContacts")) {
            String objectName = Headers.text(c, "ObjectName");
            int cut = objectName.indexOf(";@");
            String aor = cut >= 0 ? objectName.substring(0, cut) : objectName;
            Endpoint.Contact contact = new Endpoint.Contact(aor, Headers.text(c, "Uri"), Headers.text(c, "Status"),
                    Headers.longValue(c, "RoundtripUsec", -1), Headers.text(c, "UserAgent"));
            contactsByAor.computeIfAbsent(aor, k -> new ArrayList<>()).add(contact);
            String endpoint = Headers.text(c, "Endpoint");
            if (!endpoint.isEmpty()) {
                contactsByEndpoint.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(contact);
            }
        }
        List<Endpoint> out = new ArrayList<>();
        for (Event e : endpoints) {
            String name = Headers.text(e, "ObjectName");
            List<String> aors = split(Headers.text(e, "Aor"));
            List<Endpoint.Contact> contacts = new ArrayList<>();
            for (String aor : aors) {
                contacts.addAll(contactsByAor.getOrDefault(aor, List.of()));
            }
            for (Endpoint.Contact c : contactsByEndpoint.getOrDefault(name, List.of())) {
                if (!contacts.contains(c)) {
                    contacts.add(c);
                }
            }
            out.add(new Endpoint(name, Headers.text(e, "Transport"), aors, split(Headers.text(e, "Auths")),
                    split(Headers.text(e, "OutboundAuths")), Headers.text(e, "DeviceState"),
                    Headers.integer(e, "ActiveChannels", 0), contacts));
        }
        return List.copyOf(out);
    }

    /**
     * PJSIP endpoints as peers, then the IAX2 peers of {@code IAXpeers} ("Invalid/unknown command" without
     * chan_iax2: none).
     */
    static List<Peer> peers(AmiClient client) {
        List<Peer> out = new ArrayList<>();
        for (Endpoint e : read(client)) {
            String address = "";
            int port = 0;
            String status = "";
            if (!e.contacts().isEmpty()) {
                Endpoint.Contact first = e.contacts().get(0);
                status = first.status();
                String hostPort = hostPort(first.uri());
                int colon = hostPort.lastIndexOf(':');
                if (colon > 0 && hostPort.indexOf(']') < colon) {
                    address = hostPort.substring(0, colon);
                    port = parsePort(hostPort.substring(colon + 1));
                } else {
                    address = hostPort;
                }
            }
            out.add(new Peer("PJSIP", e.name(), address, port, false, status, e.isReachable(), e));
        }
        for (Event p : list(client, "IAXpeers")) {
            String address = Headers.text(p, "IPaddress");
            if (address.equals("(null)")) {
                address = "";
            }
            String port = Headers.text(p, "IPport");
            if (port.isEmpty()) {
                port = Headers.text(p, "Port");
            }
            String status = Headers.text(p, "Status");
            String upper = status.toUpperCase(java.util.Locale.ROOT);
            boolean reachable = !address.isEmpty()
                    && (upper.startsWith("OK") || upper.startsWith("LAGGED") || upper.startsWith("UNMONITORED"));
            out.add(new Peer("IAX2", Headers.text(p, "ObjectName"), address, parsePort(port),
                    Headers.text(p, "Dynamic").equalsIgnoreCase("yes"), status, reachable, null));
        }
        return List.copyOf(out);
    }

    /** {@code host[:port]} of a SIP URI such as {@code sip:alice@127.0.0.1:5062;transport=udp}. */
    private static String hostPort(String uri) {
        String s = uri;
        int scheme = s.indexOf(':');
        if (scheme >= 0 && (s.startsWith("sip:") || s.startsWith("sips:"))) {
            s = s.substring(scheme + 1);
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        int params = s.indexOf(';');
        if (params >= 0) {
            s = s.substring(0, params);
        }
        return s;
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A PJSIP list; Asterisk answers "No endpoints found" / "No contacts found" with an error: that is empty. */
    private static List<Event> list(AmiClient client, String action) {
        try {
            return client.sendList(Action.named(action)).items();
        } catch (ActionFailedException e) {
            String m = e.response().message();
            if (m != null && (m.startsWith("No ") || m.startsWith("Invalid/unknown command"))) {
                return List.of();
            }
            throw e;
        }
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
