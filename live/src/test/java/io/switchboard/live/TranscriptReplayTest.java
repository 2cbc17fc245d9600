package io.switchboard.live;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The model fed with the events of real Asterisk 22 recordings, exactly as they were sent. */
class TranscriptReplayTest {

    /** Counts what listeners hear, ignoring the replay's barrier channels. */
    private static final class Heard implements ServerListener {
        final List<String> added = new CopyOnWriteArrayList<>();
        final Map<String, Integer> causes = new ConcurrentHashMap<>();
        final List<String> parking = new CopyOnWriteArrayList<>();

        @Override
        public void channelAdded(Channel channel) {
            if (!channel.name().startsWith(Replay.BARRIER)) {
                added.add(channel.uniqueid());
            }
        }

        @Override
        public void hungUp(Channel channel, HangupCause cause) {
            if (!channel.name().startsWith(Replay.BARRIER)) {
                assertThat(causes.put(channel.uniqueid(), cause.code())).as("one hangup per channel").isNull();
            }
        }

        @Override
        public void parked(ParkedCall call) {
            parking.add("parked " + call.space() + " " + call.channel().name());
        }

        @Override
        public void unparked(ParkedCall call) {
            parking.add("unparked " + call.space());
        }
    }

    /**
     * Recordings in which every channel is created and hung up: afterwards the model holds nothing, every
     * channel was announced once and ended once with the cause of its Hangup event.
     */
    @ParameterizedTest
    @ValueSource(strings = {"originate_async", "originate_async_exten", "originate_sync_fail", "parkedcalls",
            "queue", "mixmonitor", "events_off_on", "permission_denied_readonly", "event_storm"})
    void aRecordedCallLeavesNothingBehind(String transcript) {
        List<Packet> events = Replay.transcriptEvents(transcript);
        Set<String> created = new LinkedHashSet<>();
        Map<String, Integer> hangupCauses = new HashMap<>();
        for (Packet e : events) {
            if (e.name().equals("Newchannel")) {
                created.add(e.get("Uniqueid"));
            } else if (e.name().equals("Hangup")) {
                hangupCauses.put(e.get("Uniqueid"), Integer.parseInt(e.get("Cause")));
            }
        }
        assertThat(created).as("the recording has calls").isNotEmpty();
        try (Replay r = new Replay()) {
            Heard heard = new Heard();
            r.server.addListener(heard);
            r.push(events);
            r.settle();

            assertThat(r.channels()).isEmpty();
            assertThat(heard.added).containsExactlyInAnyOrderElementsOf(created);
            assertThat(heard.causes).isEqualTo(hangupCauses);
            // Bridges: destroyed ones are gone; a parking lot's holding bridge stays (Asterisk keeps it), empty.
            assertThat(r.server.bridges()).allSatisfy(b -> {
                assertThat(b.type()).isEqualTo("parking");
                assertThat(b.channels()).isEmpty();
            });
            assertThat(r.server.parkedCalls()).isEmpty();
            assertThat(r.server.queues()).allSatisfy(q -> assertThat(q.entries()).isEmpty());
        }
    }

    @Test
    void aParkedCallIsShownUntilItsCallerGivesUp() {
        List<Packet> events = Replay.transcriptEvents("parkedcalls");
        int entered = indexOf(events, "BridgeEnter"); // the parked channel entering the lot's holding bridge
        try (Replay r = new Replay()) {
            Heard heard = new Heard();
            r.server.addListener(heard);
            r.push(events.subList(0, entered + 1));
            r.settle();
            assertThat(r.server.parkedCalls()).singleElement().satisfies(p -> {
                assertThat(p.parkingLot()).isEqualTo("default");
                assertThat(p.space()).isEqualTo("701");
                assertThat(p.timeoutSeconds()).isEqualTo(45);
                assertThat(p.parkerDialString()).isEqualTo("Local/park@test");
                assertThat(p.channel().name()).isEqualTo("Local/park@test-0000000c;2");
                assertThat(p.channel().bridge()).hasValueSatisfying(b -> {
                    assertThat(b.type()).isEqualTo("parking");
                    assertThat(b.technology()).isEqualTo("holding_bridge");
                    assertThat(b.channels()).containsExactly(p.channel());
                });
            });
            r.push(events.subList(entered + 1, events.size()));
            r.settle();
            assertThat(r.server.parkedCalls()).isEmpty();
            assertThat(heard.parking).containsExactly("parked 701 Local/park@test-0000000c;2", "unparked 701");
        }
    }

    @Test
    void aQueueCallerWaitsWhileTheOnlyMemberIsPausedAndLeavesWhenAnswered() {
        List<Packet> events = Replay.transcriptEvents("queue");
        int join = indexOf(events, "QueueCallerJoin");
        int leave = indexOf(events, "QueueCallerLeave");
        try (Replay r = new Replay()) {
            r.push(events.subList(0, join + 1));
            r.settle();
            Queue testq = r.server.queue("testq").orElseThrow();
            assertThat(testq.members()).singleElement().satisfies(m -> {
                assertThat(m.name()).isEqualTo("Agent One");
                assertThat(m.iface()).isEqualTo("Local/qagent@test/n");
                assertThat(m.paused()).isTrue();
                assertThat(m.pausedReason()).isEqualTo("lunch");
            });
            assertThat(testq.entries()).singleElement().satisfies(e -> {
                assertThat(e.position()).isEqualTo(1);
                assertThat(e.channel().name()).isEqualTo("Local/queue@test-0000000a;2");
            });
            r.push(events.subList(join + 1, leave + 1));
            r.settle();
            assertThat(testq.entries()).isEmpty();
            assertThat(testq.members().get(0).paused()).isFalse();
            r.push(events.subList(leave + 1, events.size()));
            r.settle();
            assertThat(r.channels()).isEmpty();
        }
    }

    @Test
    void aRedirectMovesAChannelTheModelFirstHearsOfThroughNewexten() {
        try (Replay r = new Replay()) {
            r.push(Replay.transcriptEvents("redirect"));
            r.settle();
            // The channels existed before the recording: the model first hears of them through their events.
            // The ;2 half ran the redirect target, then the invalid-extension handler (which hangs it up later,
            // outside the recording); the ;1 half was asked to hang up.
            assertThat(r.server.channel("Local/hold@test-00000003;2")).hasValueSatisfying(c -> {
                assertThat(c.context()).isEqualTo("test");
                assertThat(c.extension()).isEqualTo("i");
                assertThat(c.application()).isEqualTo("Hangup");
            });
            assertThat(r.server.channel("Local/hold@test-00000003;1")).hasValueSatisfying(c ->
                    assertThat(c.extension()).isEqualTo("hold"));
        }
    }

    private static int indexOf(List<Packet> events, String name) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no " + name + " in the recording");
    }
}
