package io.switchboard.live;

import java.util.Optional;

/**
 * A device the server can call, whatever its channel driver: a PJSIP endpoint or an IAX2 peer. Read with
 * {@link AsteriskServer#peers()}; for the PJSIP details (AORs, auths, every contact) use
 * {@link AsteriskServer#endpoints()} or {@link #pjsipEndpoint()}.
 *
 * @param technology channel technology: {@code PJSIP} or {@code IAX2}
 * @param name       endpoint or peer name, e.g. {@code alice} or {@code trunk1}
 * @param address    where it is: host of the first contact (PJSIP) or the peer's IP address (IAX2);
 *                   "" when unknown (no contact, unregistered dynamic peer)
 * @param port       port at that address, 0 when unknown
 * @param dynamic    IAX2: registers itself ({@code host=dynamic}); PJSIP: false
 * @param status     driver status as Asterisk reports it: the first contact's status for PJSIP
 *                   ({@code Reachable}, {@code Unknown}...; "" without contacts), the peer status for IAX2
 *                   ({@code OK (1 ms)}, {@code LAGGED (600 ms)}, {@code UNREACHABLE}, {@code UNKNOWN},
 *                   {@code Unmonitored})
 * @param reachable  whether calls to it can be expected to reach it (PJSIP: {@link Endpoint#isReachable()};
 *                   IAX2: status OK, LAGGED or Unmonitored with a known address)
 * @param endpoint   the PJSIP endpoint this entry was made from; null for other technologies
 */
public record Peer(String technology, String name, String address, int port, boolean dynamic, String status,
                   boolean reachable, Endpoint endpoint) {

    /** The dial string, e.g. {@code PJSIP/alice} or {@code IAX2/trunk1}. */
    public String dialString() {
        return technology + "/" + name;
    }

    /** {@link #endpoint} as an Optional. */
    public Optional<Endpoint> pjsipEndpoint() {
        return Optional.ofNullable(endpoint);
    }
}
