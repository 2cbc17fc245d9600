package io.switchboard.live;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class QueueParkingBridgeTest {

    @Test
    void queuesShowMembersCallersAndStatistics() throws Exception {
        try (LiveFixture f = new LiveFixture()) {
            assertThat(f.server.queues()).extracting(Queue::name).containsExactly("stormq", "testq");
            Queue testq = f.server.queue("testq").orElseThrow();
            assertThat(testq.members()).singleElement().satisfies(m -> {
                assertThat(m.name()).isEqualTo("Agent One");
                assertThat(m.iface()).isEqualTo("Local/qagent@test/n");
                assertThat(m.membership()).isEqualTo("static");
                assertThat(m.paused()).isFalse();
            });
            assertThat(testq.statistics().strategy()).isEqualTo("ringall");
            assertThat(testq.statistics().loggedIn()).isEqualTo(1);

            // With the only member paused, a caller waits.
            testq.pauseMember("Local/qagent@test/n", "lunch");
            await().atMost(LiveFixture.WAIT).until(() -> testq.members().get(0).paused());
            assertThat(testq.members().get(0).pausedReason()).isEqualTo("lunch");
            Channel caller = LiveFixture.get(f.server.originate(OriginateRequest.to("Local/queue@test")
                    .application("Wait", "600").build()));
            await().atMost(LiveFixture.WAIT).until(() -> testq.entries().size() == 1);
            QueueEntry entry = testq.entries().get(0);
            assertThat(entry.position()).isEqualTo(1);
            assertThat(entry.channel().linkedid()).isEqualTo(caller.linkedid());
            assertThat(entry.channel().name()).endsWith(";2");
            testq.refresh();
            assertThat(testq.entries()).hasSize(1);
            assertThat(testq.statistics().available()).isZero();

            // Unpaused, the member takes the call: the caller leaves the queue, the member is in a call.
            testq.unpauseMember("Local/qagent@test/n");
            await().atMost(LiveFixture.WAIT).until(() -> testq.entries().isEmpty() && testq.members().get(0).inCall());
            assertThat(entry.channel().bridge()).isPresent();

            // Dynamic members come and go.
            testq.addMember("PJSIP/alice", "Alice", 3, true);
            await().atMost(LiveFixture.WAIT).until(() -> testq.members().size() == 2);
            QueueMember alice = testq.members().get(1);
            assertThat(alice.membership()).isEqualTo("dynamic");
            assertThat(alice.penalty()).isEqualTo(3);
            assertThat(alice.paused()).isTrue();
            testq.removeMember("PJSIP/alice");
            await().atMost(LiveFixture.WAIT).until(() -> testq.members().size() == 1);

            f.pbx.hangupAll();
            f.awaitNoChannels();
            testq.refresh();
            assertThat(testq.statistics().completed()).isEqualTo(1);
        }
    }

    @Test
    void parkedCallsFollowTheDialplanAndThePark() throws Exception {
        try (LiveFixture f = new LiveFixture()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            f.server.addListener(new ServerListener() {
                @Override
                public void parked(ParkedCall call) {
                    seen.add("parked " + call.space());
                }

                @Override
                public void unparked(ParkedCall call) {
                    seen.add("unparked " + call.space());
                }
            });
            Channel one = LiveFixture.get(f.server.originate(OriginateRequest.to("Local/park@test")
                    .application("Wait", "600").build()));
            await().atMost(LiveFixture.WAIT).until(() -> f.server.parkedCalls().size() == 1);
            ParkedCall p = f.server.parkedCalls().get(0);
            assertThat(p.parkingLot()).isEqualTo("default");
            assertThat(p.space()).isEqualTo("701");
            assertThat(p.channel().linkedid()).isEqualTo(one.linkedid());
            assertThat(p.channel().bridge()).hasValueSatisfying(b -> assertThat(b.type()).isEqualTo("parking"));

            Channel other = LiveFixture.get(f.server.originate(OriginateRequest.to("PJSIP/erin")
                    .application("Wait", "600").build()));
            ParkedCall second = other.park(null, Duration.ofSeconds(30));
            assertThat(second.space()).isEqualTo("702");
            assertThat(second.channel()).isSameAs(other);
            assertThat(second.timeoutSeconds()).isEqualTo(30);
            assertThat(f.server.parkedCalls()).extracting(ParkedCall::space).containsExactly("701", "702");

            // A resync rebuilds the same view from ParkedCalls.
            LiveFixture.get(f.server.resync());
            assertThat(f.server.parkedCalls()).extracting(ParkedCall::space).containsExactly("701", "702");

            other.hangup();
            await().atMost(LiveFixture.WAIT).until(() -> f.server.parkedCalls().size() == 1);
            await().atMost(LiveFixture.WAIT).until(() -> seen.contains("unparked 702"));
            assertThat(seen).startsWith("parked 701", "parked 702");
            f.pbx.hangupAll();
            f.awaitNoChannels();
            assertThat(f.server.parkedCalls()).isEmpty();
        }
    }

    @Test
    void bridgesAreListedOnSyncAndFollowed() throws Exception {
        try (LiveFixture f = new LiveFixture()) {
            Channel a = LiveFixture.get(f.server.connect("PJSIP/frank", "PJSIP/grace"));
            await().atMost(LiveFixture.WAIT).until(() -> a.bridge().map(b -> b.channels().size() == 2).orElse(false));
            String id = a.bridge().orElseThrow().id();
            try (var client = io.switchboard.ami.AmiClient.connect(f.config());
                 AsteriskServer late = AsteriskServer.over(client)) {
                Bridge b = late.bridge(id).orElseThrow();
                assertThat(b.type()).isEqualTo("basic");
                assertThat(b.technology()).isEqualTo("simple_bridge");
                assertThat(b.channels()).extracting(Channel::uniqueid)
                        .containsExactlyInAnyOrderElementsOf(a.bridge().orElseThrow().channels().stream()
                                .map(Channel::uniqueid).toList());
            }
            a.sendDtmf("12#");
            a.hangup();
            await().atMost(LiveFixture.WAIT).until(() -> f.server.bridges().isEmpty());
        }
    }
}
