package io.switchboard.live;

import io.switchboard.live.Replay.Brg;
import io.switchboard.live.Replay.Chan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bridges through transfers and Local channel optimisation, with the events Asterisk 22's bridging core
 * publishes (bridge.c, bridge_channel.c): a channel pulled out of a bridge gives BridgeLeave, one pushed in gives
 * BridgeEnter (with SwapUniqueid when it replaces another, whose BridgeLeave follows), and a merge announces
 * BridgeMerge before it moves the source bridge's channels one by one.
 */
class BridgeTransferTest {
    private final Chan alice = new Chan("PJSIP/alice-00000001", "1700000000.1", "1700000000.1").state(6);
    private final Chan bob = new Chan("PJSIP/bob-00000002", "1700000000.2", "1700000000.1").state(6);
    private final Chan bob2 = new Chan("PJSIP/bob-00000003", "1700000000.3", "1700000000.3").state(6);
    private final Chan carol = new Chan("PJSIP/carol-00000004", "1700000000.4", "1700000000.3").state(6);
    private final Brg first = new Brg("b-1111", "basic", "simple_bridge");
    private final Brg second = new Brg("b-2222", "basic", "simple_bridge");

    /** alice and bob talk in the first bridge. */
    private void call(Replay r) {
        r.push(alice.event("Newchannel", 4), bob.event("Newchannel", 5), alice.event("Newstate"),
                bob.event("Newstate"), first.event("BridgeCreate", 0), first.enter(alice, 1), first.enter(bob, 2));
    }

    @Test
    void anAttendedTransferMergesTheBridgesAndKicksTheTransferer() {
        try (Replay r = new Replay()) {
            call(r);
            // bob puts alice on hold and calls carol on a second channel.
            r.push(alice.event("Hold"), bob2.event("Newchannel", 6), carol.event("Newchannel", 6),
                    second.event("BridgeCreate", 0), second.enter(bob2, 1), second.enter(carol, 2));
            r.settle();
            assertThat(channelNames(r, first.id())).containsExactly(alice.name(), bob.name());
            assertThat(channelNames(r, second.id())).containsExactly(bob2.name(), carol.name());

            // bob completes the transfer: the second bridge merges into the first, both of bob's legs are kicked
            // (bridge_do_merge: BridgeMerge, then per source channel BridgeLeave and, unless kicked, BridgeEnter;
            // then the kicked destination channel leaves).
            r.push(second.block(first.block(Replay.head("BridgeMerge"), "To", 2), "From", 2).build(),
                    second.leave(bob2, 1), second.leave(carol, 0), first.enter(carol, 3), first.leave(bob, 2),
                    Replay.head("AttendedTransfer").add("Result", "Success").build());
            r.settle();
            assertThat(channelNames(r, first.id())).containsExactly(alice.name(), carol.name());
            assertThat(r.server.channel(carol.uniqueid()).flatMap(Channel::bridge).map(Bridge::id))
                    .contains(first.id());
            assertThat(r.server.channel(bob.uniqueid()).flatMap(Channel::bridge)).isEmpty();
            assertThat(r.server.channel(bob2.uniqueid()).flatMap(Channel::bridge)).isEmpty();
            // The source bridge lives on, empty, until Asterisk destroys it.
            assertThat(r.server.bridge(second.id())).hasValueSatisfying(b -> {
                assertThat(b.isAlive()).isTrue();
                assertThat(b.channels()).isEmpty();
            });

            Bridge merged = r.server.bridge(second.id()).orElseThrow();
            r.push(bob.hangup(16, "Normal Clearing"), bob2.hangup(16, "Normal Clearing"),
                    second.event("BridgeDestroy", 0), alice.event("Unhold"));
            r.settle();
            assertThat(merged.isAlive()).isFalse();
            assertThat(r.server.bridges()).extracting(Bridge::id).containsExactly(first.id());
            assertThat(channelNames(r, first.id())).containsExactly(alice.name(), carol.name());
        }
    }

    @Test
    void aBlindTransferSwapsInALocalChannelThatOptimisesAway() {
        Chan one = new Chan("Local/300@default-00000005;1", "1700000000.5", "1700000000.1").state(6);
        Chan two = new Chan("Local/300@default-00000005;2", "1700000000.6", "1700000000.1").state(6);
        Chan dave = new Chan("PJSIP/dave-00000007", "1700000000.7", "1700000000.1").state(6);
        Brg third = new Brg("b-3333", "basic", "simple_bridge");
        try (Replay r = new Replay()) {
            call(r);
            // bob transfers alice to 300: a Local channel takes bob's place in the bridge (push with swap:
            // BridgeEnter with SwapUniqueid, then bob's BridgeLeave).
            r.push(one.event("Newchannel", 6), two.event("Newchannel", 4),
                    first.enter(one, 3, bob), first.leave(bob, 2),
                    bob.block(alice.block(first.block(Replay.head("BlindTransfer").add("Result", "Success"),
                            "", 2), "Transferee"), "Transferer").add("IsExternal", "No")
                            .add("Context", "default").add("Extension", "300").build(),
                    bob.hangup(16, "Normal Clearing"));
            r.settle();
            assertThat(channelNames(r, first.id())).containsExactly(alice.name(), one.name());

            // ;2 dials dave, who answers; then the Local pair optimises away: dave moves into the first bridge
            // in place of ;1 and both halves hang up.
            r.push(dave.event("Newchannel", 5), two.block(dave.block(Replay.head("DialBegin"), "Dest"), "")
                            .add("DialString", "dave").build(),
                    dave.event("Newstate"), two.block(dave.block(Replay.head("DialEnd"), "Dest"), "")
                            .add("DialStatus", "ANSWER").build(),
                    third.event("BridgeCreate", 0), third.enter(two, 1), third.enter(dave, 2));
            r.settle();
            assertThat(channelNames(r, third.id())).containsExactly(two.name(), dave.name());

            r.push(two.block(one.block(dave.block(Replay.head("LocalOptimizationBegin"), "Source"), "LocalOne"),
                            "LocalTwo").add("DestUniqueId", first.id()).add("Id", "1").build(),
                    third.leave(dave, 1), first.enter(dave, 3, one), first.leave(one, 2),
                    two.block(one.block(Replay.head("LocalOptimizationEnd"), "LocalOne"), "LocalTwo")
                            .add("Success", "Yes").add("Id", "1").build(),
                    third.leave(two, 0), third.event("BridgeDestroy", 0),
                    one.hangup(16, "Normal Clearing"), two.hangup(16, "Normal Clearing"));
            r.settle();
            assertThat(channelNames(r, first.id())).containsExactly(alice.name(), dave.name());
            assertThat(r.server.channel(dave.uniqueid()).flatMap(Channel::bridge).map(Bridge::id))
                    .contains(first.id());
            assertThat(r.server.bridges()).extracting(Bridge::id).containsExactly(first.id());
            assertThat(r.channels()).extracting(Channel::name).containsExactly(alice.name(), dave.name());
        }
    }

    @Test
    void aMergeThatLeavesAChannelBehindKeepsItInTheSourceBridge() {
        try (Replay r = new Replay()) {
            call(r);
            r.push(bob2.event("Newchannel", 6), carol.event("Newchannel", 6), second.event("BridgeCreate", 0),
                    second.enter(bob2, 1), second.enter(carol, 2));
            // carol is immovable (or already leaving): bridge_do_merge moves only bob2.
            r.push(second.block(first.block(Replay.head("BridgeMerge"), "To", 2), "From", 2).build(),
                    second.leave(bob2, 1), first.enter(bob2, 3));
            r.settle();
            assertThat(channelNames(r, first.id())).containsExactly(alice.name(), bob.name(), bob2.name());
            assertThat(channelNames(r, second.id())).containsExactly(carol.name());
            assertThat(r.server.channel(carol.uniqueid()).flatMap(Channel::bridge).map(Bridge::id))
                    .contains(second.id());
        }
    }

    private static java.util.List<String> channelNames(Replay r, String bridgeId) {
        return r.server.bridge(bridgeId).orElseThrow().channels().stream().map(Channel::name).toList();
    }
}
