package io.switchboard.live;

import io.switchboard.ami.Packet;
import io.switchboard.live.Replay.Chan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Channel events built from the catalog's header names (ami-protocol.md §13), fed to the model in order. */
class ChannelEventsTest {
    private final Chan alice = new Chan("PJSIP/alice-00000001", "1700000000.1", "1700000000.1");
    private final Chan bob = new Chan("PJSIP/bob-00000002", "1700000000.2", "1700000000.1");

    /** Everything a listener hears, as text; barrier channels left out. */
    private static final class Log implements ServerListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        private static boolean barrier(Channel c) {
            return c.name().startsWith(Replay.BARRIER);
        }

        @Override
        public void channelAdded(Channel channel) {
            if (!barrier(channel)) {
                lines.add("added " + channel.name());
            }
        }

        @Override
        public void stateChanged(Channel channel, ChannelState from, ChannelState to) {
            if (!barrier(channel)) {
                lines.add("state " + channel.uniqueid() + " " + from + ">" + to);
            }
        }

        @Override
        public void hungUp(Channel channel, HangupCause cause) {
            if (!barrier(channel)) {
                lines.add("hungUp " + channel.name() + " " + cause.code());
            }
        }
    }

    /** A listener that fails on everything. */
    private static final class Careless implements ServerListener, ChannelListener {
        @Override
        public void channelAdded(Channel channel) {
            throw new IllegalStateException("careless");
        }

        @Override
        public void stateChanged(Channel channel, ChannelState from, ChannelState to) {
            throw new IllegalStateException("careless");
        }

        @Override
        public void changed(Channel channel, ChannelSnapshot from, ChannelSnapshot to) {
            throw new IllegalStateException("careless");
        }

        @Override
        public void hungUp(Channel channel, HangupCause cause) {
            throw new IllegalStateException("careless");
        }

        @Override
        public void parked(ParkedCall call) {
            throw new IllegalStateException("careless");
        }

        @Override
        public void unparked(ParkedCall call) {
            throw new IllegalStateException("careless");
        }
    }

    @Test
    void aFailingListenerKeepsNoOtherListenerFromHearingAnything() {
        try (Replay r = new Replay()) {
            r.server.addListener(new Careless());
            Log log = new Log();
            r.server.addListener(log);
            r.push(alice.event("Newchannel", 4));
            r.settle();
            Channel a = r.server.channel(alice.uniqueid()).orElseThrow();
            List<String> own = new CopyOnWriteArrayList<>();
            a.addListener(new Careless());
            a.addListener(new ChannelListener() {
                @Override
                public void stateChanged(Channel channel, ChannelState from, ChannelState to) {
                    own.add(from + ">" + to);
                }

                @Override
                public void hungUp(Channel channel, HangupCause cause) {
                    own.add("hungUp");
                }
            });
            Packet parked = alice.state(6).block(Replay.head("ParkedCall"), "Parkee").add("ParkerDialString", "")
                    .add("Parkinglot", "default").add("ParkingSpace", "701").add("ParkingTimeout", "45")
                    .add("ParkingDuration", "0").build();
            r.push(alice.event("Newstate", 6), parked, alice.state(6).hangup(16, "Normal Clearing"));
            r.settle();
            assertThat(log.lines).containsExactly("added " + alice.name(), "state " + alice.uniqueid() + " RING>UP",
                    "hungUp " + alice.name() + " 16");
            assertThat(own).containsExactly("RING>UP", "hungUp");
            // And the model itself is unharmed.
            assertThat(r.channels()).isEmpty();
            assertThat(r.server.parkedCalls()).isEmpty();
        }
    }

    @Test
    void aCallFromDialBeginToHangupWithItsCauses() {
        try (Replay r = new Replay()) {
            Log log = new Log();
            r.server.addListener(log);
            Chan a = alice.state(6).callerId("100", "Alice \\\"A\\\"").at("from-internal", "200", 3);
            Chan ringing = bob.state(5);
            Chan b = ringing.connectedLine("100", "Alice \\\"A\\\"");
            r.push(a.event("Newchannel"), ringing.event("Newchannel", 0),
                    a.block(ringing.block(Replay.head("DialBegin"), "Dest"), "").add("DialString", "bob").build(),
                    ringing.event("Newstate"),
                    a.block(ringing.block(Replay.head("DialState"), "Dest"), "").add("DialStatus", "RINGING")
                            .build(),
                    b.event("NewConnectedLine"),
                    a.block(b.block(Replay.head("DialEnd"), "Dest"), "").add("DialStatus", "BUSY").build(),
                    // HangupRequest and SoftHangupRequest ask; only Hangup ends a channel.
                    b.block(Replay.head("HangupRequest"), "").add("Cause", "17").build(),
                    b.block(Replay.head("SoftHangupRequest"), "").add("Cause", "32").build());
            r.settle();
            Channel callee = r.server.channel(bob.name()).orElseThrow();
            assertThat(callee.isAlive()).isTrue();
            assertThat(callee.state()).isEqualTo(ChannelState.RINGING);
            assertThat(callee.connectedLine()).isEqualTo(new CallerId("Alice \"A\"", "100"));
            assertThat(callee.callerId()).isEqualTo(CallerId.NONE);
            Channel caller = r.server.channel(alice.uniqueid()).orElseThrow();
            assertThat(caller.callerId()).isEqualTo(new CallerId("Alice \"A\"", "100"));
            assertThat(caller.context()).isEqualTo("from-internal");
            assertThat(caller.priority()).isEqualTo(3);

            r.push(b.hangup(17, "User busy"), a.hangup(16, "Normal Clearing"));
            r.settle();
            assertThat(callee.hangupCause()).contains(new HangupCause(17, "User busy"));
            assertThat(log.lines).containsExactly("added " + alice.name(), "added " + bob.name(),
                    "state " + bob.uniqueid() + " DOWN>RINGING", "hungUp " + bob.name() + " 17",
                    "hungUp " + alice.name() + " 16");
            // Stragglers about an ended channel do not bring it back.
            r.push(b.event("Newstate"), b.block(Replay.head("VarSet"), "").add("Variable", "X").add("Value", "1")
                    .build());
            r.settle();
            assertThat(r.channels()).isEmpty();
        }
    }

    @Test
    void dialplanCallerIdAndConnectedLineChangesReplaceTheSnapshot() {
        try (Replay r = new Replay()) {
            Chan a = alice.state(6);
            r.push(a.event("Newchannel"));
            r.settle();
            Channel c = r.server.channel(alice.uniqueid()).orElseThrow();
            ChannelSnapshot before = c.snapshot();
            r.push(a.at("test", "100", 1).block(Replay.head("Newexten"), "").add("Extension", "100")
                            .add("Application", "Dial").add("AppData", "PJSIP/bob,30").build(),
                    a.at("test", "100", 1).callerId("555", "O\\'Brien").block(Replay.head("NewCallerid"), "")
                            .add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)").build(),
                    // Global variables come with Channel: none and Uniqueid: none: no channel.
                    Replay.head("VarSet").add("Channel", "none").add("Uniqueid", "none").add("Variable", "G")
                            .add("Value", "1").build(),
                    a.at("test", "100", 1).callerId("555", "O\\'Brien").event("Hold"),
                    a.at("test", "100", 1).callerId("555", "O\\'Brien").event("Unhold"),
                    // Endpoint and device events are about no channel.
                    Replay.head("PeerStatus").add("ChannelType", "PJSIP").add("Peer", "PJSIP/bob")
                            .add("PeerStatus", "Reachable").build(),
                    Replay.head("ContactStatus").add("URI", "sip:bob@127.0.0.1:5062").add("ContactStatus", "Reachable")
                            .add("AOR", "bob").add("EndpointName", "bob").add("RoundtripUsec", "1200").build(),
                    Replay.head("DeviceStateChange").add("Device", "PJSIP/bob").add("State", "INUSE").build());
            r.settle();
            ChannelSnapshot after = c.snapshot();
            assertThat(after.application()).isEqualTo("Dial");
            assertThat(after.applicationData()).isEqualTo("PJSIP/bob,30");
            assertThat(after.extension()).isEqualTo("100");
            assertThat(after.callerId()).isEqualTo(new CallerId("O'Brien", "555"));
            // The old snapshot is a value: it still says what it said.
            assertThat(before.extension()).isEqualTo("s");
            assertThat(before.callerId()).isEqualTo(CallerId.NONE);
            assertThat(r.channels()).containsExactly(c);
        }
    }

    @Test
    void aMasqueradeRenamesTheLosingChannelToZombieBeforeItHangsUp() {
        // Pickup (ast_channel_move): the ringing channel's identity moves to the picking one and the old
        // carrier is renamed <ZOMBIE> (Rename: Channel, Newname, Uniqueid; no channel block) and hung up.
        Chan ringing = bob.state(5);
        Chan picker = new Chan("PJSIP/carol-00000003", "1700000000.3", "1700000000.3").state(6);
        try (Replay r = new Replay()) {
            Log log = new Log();
            r.server.addListener(log);
            r.push(ringing.event("Newchannel"), picker.event("Newchannel"));
            r.settle();
            Channel carrier = r.server.channel(picker.uniqueid()).orElseThrow();
            List<String> renames = new CopyOnWriteArrayList<>();
            carrier.addListener(new ChannelListener() {
                @Override
                public void changed(Channel channel, ChannelSnapshot from, ChannelSnapshot to) {
                    renames.add(from.name() + ">" + to.name());
                }
            });
            String zombie = picker.name() + "<ZOMBIE>";
            // The surviving Uniqueid takes over the picker's name: first the picker becomes a zombie, then the
            // survivor is renamed (either order must work).
            r.push(Replay.head("Rename").add("Channel", ringing.name()).add("Newname", picker.name())
                            .add("Uniqueid", ringing.uniqueid()).build(),
                    Replay.head("Rename").add("Channel", picker.name()).add("Newname", zombie)
                            .add("Uniqueid", picker.uniqueid()).build(),
                    ringing.named(picker.name()).event("Newstate", 6));
            r.settle();
            assertThat(renames).containsExactly(picker.name() + ">" + zombie);
            assertThat(r.server.channel(picker.name()).map(Channel::uniqueid)).contains(ringing.uniqueid());
            assertThat(r.server.channel(zombie)).containsSame(carrier);
            assertThat(r.server.channel(ringing.name())).isEmpty();

            r.push(picker.named(zombie).hangup(16, "Normal Clearing"));
            r.settle();
            assertThat(carrier.isAlive()).isFalse();
            assertThat(carrier.name()).isEqualTo(zombie);
            assertThat(r.server.channel(picker.name()).map(Channel::uniqueid)).contains(ringing.uniqueid());
            assertThat(r.channels()).extracting(Channel::name).containsExactly(picker.name());
            assertThat(log.lines).contains("hungUp " + zombie + " 16");
        }
    }
}
