package io.switchboard.examples;

import io.switchboard.live.Endpoint;

/**
 * Lists the PJSIP endpoints with their device state and contacts ({@code AsteriskServer.endpoints()}, which asks
 * Asterisk with PJSIPShowEndpoints and PJSIPShowContacts each time).
 *
 * <pre>
 * java -cp ... io.switchboard.examples.ListPeers
 * </pre>
 */
public final class ListPeers {
    private ListPeers() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            for (Endpoint e : pbx.server().endpoints()) {
                System.out.printf("%-12s %-12s channels %d  %s%n", e.name(), e.deviceState(), e.activeChannels(),
                        e.isReachable() ? "reachable" : "unreachable");
                for (Endpoint.Contact c : e.contacts()) {
                    System.out.println("    contact " + c.uri() + " " + c.status()
                            + (c.rttMicros() >= 0 ? " rtt " + c.rttMicros() + " us" : ""));
                }
            }
        }
    }
}
