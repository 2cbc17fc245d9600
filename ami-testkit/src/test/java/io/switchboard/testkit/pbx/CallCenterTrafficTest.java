package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CallCenterTrafficTest {
    /** 1 simulated second = 2 ms: 80 calls and their (up to 15-minute) lives take a few seconds. */
    private static final double FAST = 0.002;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Runs {@code calls} calls to their end and returns every event, in order. */
    private static List<Packet> run(long seed, int calls, CallCenterTraffic[] handle, SimulatedPbx[] keep) {
        ConcurrentLinkedQueue<Packet> events = new ConcurrentLinkedQueue<>();
        try (SimulatedPbx pbx = SimulatedPbx.builder().timeScale(FAST).seed(99)
                .clock(Clock.fixed(Instant.ofEpochSecond(1795674384L), ZoneOffset.UTC)).build(events::add)) {
            CallCenterTraffic traffic = pbx.startCallCenter(
                    CallCenterTraffic.Options.defaults().withSeed(seed).withMaxCalls(calls));
            await().atMost(WAIT).until(() -> traffic.arrivalsDone() && pbx.channels().isEmpty());
            assertThat(traffic.started()).isEqualTo(calls);
            assertThat(pbx.failedTasks()).as("tasks that threw on the PBX thread").isZero();
            if (handle != null) {
                handle[0] = traffic;
            }
            if (keep != null) {
                keep[0] = pbx;
            }
        }
        return new ArrayList<>(events);
    }

    private static long count(List<Packet> events, String name) {
        return events.stream().filter(e -> name.equals(e.get("Event"))).count();
    }

    private static long count(List<Packet> events, String name, String key, String value) {
        return events.stream().filter(e -> name.equals(e.get("Event")) && value.equals(e.get(key))).count();
    }

    /** DialEnds of the dialplan's Dial to a PJSIP phone (the Originate's own dial of Local;1 has one too). */
    private static long dialEndToPhone(List<Packet> events, String status) {
        return events.stream().filter(e -> "DialEnd".equals(e.get("Event")) && status.equals(e.get("DialStatus"))
                && e.get("DestChannel").startsWith("PJSIP/")).count();
    }

    @Test
    void eightyCallsProduceTheWholeMixAndEveryChannelHangsUp() {
        CallCenterTraffic[] handle = new CallCenterTraffic[1];
        List<Packet> events = run(7, 80, handle, null);

        Map<CallCenterTraffic.Flow, Integer> planned = handle[0].planned();
        assertThat(planned.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(80);
        assertThat(planned.keySet()).isEqualTo(EnumSet.allOf(CallCenterTraffic.Flow.class));

        // Every channel that appeared hung up, exactly once.
        Set<String> created = new HashSet<>();
        Map<String, Integer> hangups = new HashMap<>();
        for (Packet e : events) {
            if ("Newchannel".equals(e.get("Event"))) {
                assertThat(created.add(e.get("Uniqueid"))).isTrue();
            } else if ("Hangup".equals(e.get("Event"))) {
                hangups.merge(e.get("Uniqueid"), 1, Integer::sum);
            }
        }
        assertThat(hangups.keySet()).isEqualTo(created);
        assertThat(hangups.values()).allMatch(n -> n == 1);

        // One async Originate per call, each answered with an OriginateResponse.
        assertThat(events.stream().filter(e -> "OriginateResponse".equals(e.get("Event"))
                && e.get("ActionID").matches("cc-\\d+"))).hasSize(80);

        // Queues: callers join, agents are rung and connect, some callers give up.
        long joined = count(events, "QueueCallerJoin");
        long connected = count(events, "AgentConnect");
        long abandoned = count(events, "QueueCallerAbandon");
        assertThat(joined).isEqualTo((long) planned.get(CallCenterTraffic.Flow.SALES_QUEUE)
                + (long) planned.get(CallCenterTraffic.Flow.SUPPORT_QUEUE) + (long) planned.get(CallCenterTraffic.Flow.RECORDED_QUEUE));
        assertThat(connected).isPositive();
        assertThat(abandoned).isPositive();
        assertThat(connected + abandoned).isLessThanOrEqualTo(joined);
        assertThat(count(events, "AgentComplete")).isEqualTo(connected);
        // An abandoning caller leaves too (QueueCallerAbandon, then QueueCallerLeave), as app_queue reports it.
        assertThat(count(events, "QueueCallerLeave")).isEqualTo(joined);

        // Bridged calls, transfers (a second Dial to a 3XX desk), parking both ways, recordings.
        assertThat(count(events, "BridgeCreate")).isPositive();
        assertThat(count(events, "BridgeEnter")).isEqualTo(count(events, "BridgeLeave"));
        assertThat(events.stream().filter(e -> "DialBegin".equals(e.get("Event"))
                && e.get("DestChannel") != null && e.get("DestChannel").startsWith("PJSIP/3"))).isNotEmpty();
        assertThat(count(events, "ParkedCall")).isEqualTo((long) planned.get(CallCenterTraffic.Flow.PARK_PICKUP)
                + (long) planned.get(CallCenterTraffic.Flow.PARK_TIMEOUT));
        assertThat(count(events, "UnParkedCall")).isEqualTo((long) planned.get(CallCenterTraffic.Flow.PARK_PICKUP));
        assertThat(count(events, "ParkedCallTimeOut")).isEqualTo((long) planned.get(CallCenterTraffic.Flow.PARK_TIMEOUT));
        assertThat(count(events, "MixMonitorStart")).isGreaterThan((long) planned.get(CallCenterTraffic.Flow.RECORDED_QUEUE));
        assertThat(count(events, "MixMonitorStop")).isPositive();

        // Failures, as the dialler, the Originate and the hangups report them.
        assertThat(dialEndToPhone(events, "BUSY")).isEqualTo((long) planned.get(CallCenterTraffic.Flow.BUSY));
        assertThat(dialEndToPhone(events, "CONGESTION"))
                .isEqualTo((long) planned.get(CallCenterTraffic.Flow.CONGESTION));
        assertThat(dialEndToPhone(events, "NOANSWER"))
                .isEqualTo((long) planned.get(CallCenterTraffic.Flow.NO_ANSWER));
        assertThat(count(events, "OriginateResponse", "Reason", "5")).isEqualTo((long) planned.get(CallCenterTraffic.Flow.BUSY));
        assertThat(count(events, "Hangup", "Cause", "17")).isPositive();
        assertThat(count(events, "Cdr")).isPositive();
    }

    @Test
    void theSameSeedGivesTheSameEvents() {
        List<Packet> first = run(3, 25, null, null);
        List<Packet> second = run(3, 25, null, null);
        // The start is queued from this thread, so its simulated instant (and every Uniqueid epoch and CDR time
        // after it) follows the wall clock; what happens, to whom and in which order must not.
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(shape(second.get(i))).as("event %d", i).isEqualTo(shape(first.get(i)));
        }
    }

    private static String shape(Packet e) {
        StringBuilder b = new StringBuilder();
        for (String key : new String[] {"Event", "Channel", "DestChannel", "ChannelStateDesc", "Cause", "DialStatus",
            "Queue", "MemberName", "ParkingSpace", "Application", "Variable", "Reason"}) {
            b.append(key).append('=').append(e.get(key)).append(' ');
        }
        return b.toString();
    }

    @Test
    void closeStopsArrivalsAndCallsInProgressEnd() {
        ConcurrentLinkedQueue<Packet> events = new ConcurrentLinkedQueue<>();
        try (SimulatedPbx pbx = SimulatedPbx.builder().timeScale(FAST).build(events::add)) {
            CallCenterTraffic traffic = pbx.startCallCenter(
                    CallCenterTraffic.Options.defaults().withCallsPerMinute(60));
            await().atMost(WAIT).until(() -> traffic.started() >= 5);
            traffic.close();
            traffic.close();
            int started = traffic.started();
            assertThat(traffic.arrivalsDone()).isTrue();
            await().atMost(WAIT).until(() -> pbx.channels().isEmpty());
            assertThat(traffic.started()).isEqualTo(started);
            assertThat(pbx.failedTasks()).isZero();
        }
    }

    @Test
    void badOptionsAndAMissingDialplanAreRefused() {
        assertThatThrownBy(() -> new CallCenterTraffic.Options(0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callsPerMinute");
        assertThatThrownBy(() -> new CallCenterTraffic.Options(Double.NaN, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallCenterTraffic.Options(Double.POSITIVE_INFINITY, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallCenterTraffic.Options(10, 1, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCalls");
        try (SimulatedPbx pbx = SimulatedPbx.builder().dialplan("[default]\nexten => s,1,Hangup()\n")
                .build(p -> { })) {
            assertThatThrownBy(() -> pbx.startCallCenter(CallCenterTraffic.Options.defaults()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("callcenter");
        }
        SimulatedPbx closed = SimulatedPbx.builder().build(p -> { });
        closed.close();
        assertThatThrownBy(() -> closed.startCallCenter(CallCenterTraffic.Options.defaults()))
                .isInstanceOf(IllegalStateException.class);
    }
}
