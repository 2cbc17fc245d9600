package io.switchboard.testkit.pbx;

import java.util.List;

/**
 * IAXpeers and IAXpeerlist ({@code chan_iax2.c} {@code manager_iax2_show_peers},
 * {@code manager_iax2_show_peer_list}) over a small static peer table: {@code trunk1}, a qualified static peer
 * answering in 1 ms, and {@code trunk2}, a dynamic peer that never registered (address {@code (null)}, status
 * {@code UNKNOWN}). The two actions differ as in Asterisk: IAXpeers says {@code Channeltype: IAX2} and
 * {@code IPport} and adds Description; IAXpeerlist says {@code Channeltype: IAX} and {@code Mask}/{@code Port}.
 */
final class Iax2 {
    /** One peer of the table. */
    record Peer(String name, String address, String port, boolean dynamic, String status) {
    }

    static final List<Peer> PEERS = List.of(
            new Peer("trunk1", "192.0.2.10", "4569", false, "OK (1 ms)"),
            new Peer("trunk2", "(null)", "0", true, "UNKNOWN"));

    /** IAXpeers: PeerEntry items (IAX2, IPport, Description) and PeerlistComplete. */
    void peers(Reply reply) {
        reply.listStart("Peer status list will follow");
        for (Peer p : PEERS) {
            reply.send(reply.item("PeerEntry").add("Channeltype", "IAX2").add("ObjectName", p.name())
                    .add("ChanObjectType", "peer").add("IPaddress", p.address()).add("IPport", p.port())
                    .add("Dynamic", p.dynamic() ? "yes" : "no").add("Trunk", "no").add("Encryption", "no")
                    .add("Status", p.status()).add("Description", ""));
        }
        reply.last(reply.complete("PeerlistComplete", PEERS.size()));
    }

    /** IAXpeerlist: PeerEntry items (IAX, Mask, Port) and PeerlistComplete. */
    void peerList(Reply reply) {
        reply.listStart("IAX Peer status list will follow");
        for (Peer p : PEERS) {
            reply.send(reply.item("PeerEntry").add("Channeltype", "IAX").add("ObjectName", p.name())
                    .add("ChanObjectType", "peer").add("IPaddress", p.address())
                    .add("Mask", "255.255.255.255").add("Port", p.port())
                    .add("Dynamic", p.dynamic() ? "yes" : "no").add("Trunk", "no").add("Encryption", "no")
                    .add("Status", p.status()));
        }
        reply.last(reply.complete("PeerlistComplete", PEERS.size()));
    }
}
