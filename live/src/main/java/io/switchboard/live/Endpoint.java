package io.switchboard.live;

import java.util.List;

/**
 * A PJSIP endpoint ({@code PJSIPShowEndpoints}) with its registered contacts ({@code PJSIPShowContacts}).
 *
 * @param name           endpoint name, e.g. {@code alice}; dial it as {@code PJSIP/alice}
 * @param transport      transport ("" for the default)
 * @param aors           the AORs, as configured
 * @param auths          inbound auth sections
 * @param outboundAuths  outbound auth sections
 * @param deviceState    {@code Not in use}, {@code In use}, {@code Unavailable}, {@code Ringing}...
 * @param activeChannels number of channels using it
 * @param contacts       the contacts of its AORs
 */
public record Endpoint(String name, String transport, List<String> aors, List<String> auths,
                       List<String> outboundAuths, String deviceState, int activeChannels,
                       List<Contact> contacts) {
    public Endpoint {
        aors = List.copyOf(aors);
        auths = List.copyOf(auths);
        outboundAuths = List.copyOf(outboundAuths);
        contacts = List.copyOf(contacts);
    }

    /** The dial string of the endpoint. */
    public String dialString() {
        return "PJSIP/" + name;
    }

    /** Whether at least one contact is reachable (status Reachable or, unqualified, Unknown/Created). */
    public boolean isReachable() {
        for (Contact c : contacts) {
            if (c.isReachable()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A contact (where the endpoint registered or is configured to be).
     *
     * @param aor       the AOR it belongs to
     * @param uri       contact URI
     * @param status    {@code Reachable}, {@code Unreachable}, {@code Unknown}, {@code Created}, {@code Removed}...
     * @param rttMicros round trip of the last qualify, microseconds (-1 if unknown)
     * @param userAgent User-Agent of the registration ("" if none)
     */
    public record Contact(String aor, String uri, String status, long rttMicros, String userAgent) {
        /** Reachable, or not qualified (Unknown/Created/NonQualified) and so presumed usable. */
        public boolean isReachable() {
            return status.equalsIgnoreCase("Reachable") || status.equalsIgnoreCase("Unknown")
                    || status.equalsIgnoreCase("Created") || status.equalsIgnoreCase("NonQualified");
        }
    }
}
