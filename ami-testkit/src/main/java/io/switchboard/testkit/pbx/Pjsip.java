package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.List;

/**
 * PJSIPShowEndpoints and PJSIPShowContacts from the loaded {@code pjsip.conf} ({@code type=endpoint} and
 * {@code type=aor} sections, static {@code contact=} lines), with device state and active channels from the
 * simulated calls. Qualified contacts ({@code qualify_frequency} above 0) are Reachable, the others Unknown.
 */
final class Pjsip {
    private final Pbx pbx;

    Pjsip(Pbx pbx) {
        this.pbx = pbx;
    }

    private List<ConfigStore.Category> sections(String type) {
        List<ConfigStore.Category> out = new ArrayList<>();
        for (ConfigStore.Category c : pbx.config.loaded("pjsip.conf")) {
            if (type.equals(c.get("type"))) {
                out.add(c);
            }
        }
        return out;
    }

    void showEndpoints(Reply reply) {
        List<ConfigStore.Category> endpoints = sections("endpoint");
        if (endpoints.isEmpty()) {
            reply.error("No endpoints found");
            return;
        }
        reply.listStart("A listing of Endpoints follows, presented as EndpointList events");
        for (ConfigStore.Category e : endpoints) {
            String aors = orEmpty(e.get("aors"));
            StringBuilder contacts = new StringBuilder();
            for (String[] c : contacts(aors)) {
                contacts.append(c[0]).append('/').append(c[1]).append(',');
            }
            String device = "PJSIP/" + e.name;
            int active = 0;
            for (SimChannel c : pbx.channels.values()) {
                if (device.equals(c.device)) {
                    active++;
                }
            }
            reply.send(reply.item("EndpointList").add("ObjectType", "endpoint").add("ObjectName", e.name)
                    .add("Transport", orEmpty(e.get("transport"))).add("Aor", aors)
                    .add("Auths", orEmpty(e.get("auth"))).add("OutboundAuths", orEmpty(e.get("outbound_auth")))
                    .add("Contacts", contacts.toString()).add("DeviceState", deviceState(device))
                    .add("ActiveChannels", active == 0 ? "" : Integer.toString(active)));
        }
        reply.last(reply.complete("EndpointListComplete", endpoints.size()));
    }

    void showContacts(Reply reply) {
        List<String[]> all = contacts(null);
        if (all.isEmpty()) {
            reply.error("No Contacts found");
            return;
        }
        reply.listStart("A listing of Contacts follows, presented as ContactList events");
        for (String[] c : all) {
            reply.send(reply.item("ContactList").add("ObjectType", "contact")
                    .add("ObjectName", c[0] + ";@" + Integer.toHexString(c[1].hashCode()))
                    .add("ViaAddr", "").add("ViaPort", "0").add("QualifyTimeout", "3.000000").add("CallId", "")
                    .add("RegServer", "").add("PruneOnBoot", "no").add("Path", "").add("Endpoint", c[0])
                    .add("AuthenticateQualify", "no").add("Uri", c[1]).add("QualifyFrequency", c[2])
                    .add("UserAgent", "").add("ExpirationTime", "0").add("OutboundProxy", "")
                    .add("Status", c[2].equals("0") ? "Unknown" : "Reachable")
                    .add("RoundtripUsec", c[2].equals("0") ? "N/A" : "1234").add("Qualify2xxOnly", "false"));
        }
        reply.last(reply.complete("ContactListComplete", all.size()));
    }

    /** {aor, uri, qualify_frequency} of the static contacts of the AORs in {@code aors} (null: all). */
    private List<String[]> contacts(String aors) {
        List<String> wanted = aors == null ? null : List.of(aors.split(","));
        List<String[]> out = new ArrayList<>();
        for (ConfigStore.Category aor : sections("aor")) {
            if (wanted != null && !wanted.contains(aor.name)) {
                continue;
            }
            String qualify = orEmpty(aor.get("qualify_frequency"));
            for (String[] l : aor.lines) {
                if (l[0].equalsIgnoreCase("contact")) {
                    out.add(new String[] {aor.name, l[1], qualify.isEmpty() ? "0" : qualify});
                }
            }
        }
        return out;
    }

    private String deviceState(String device) {
        return switch (pbx.deviceState(device)) {
            case "INUSE" -> "In use";
            case "RINGING" -> "Ringing";
            default -> "Not in use";
        };
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
