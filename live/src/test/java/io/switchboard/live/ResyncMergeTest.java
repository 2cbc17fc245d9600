package io.switchboard.live;

import io.switchboard.live.Replay.Chan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resyncs with exactly chosen lists: what changed during a connection gap reaches the listeners, and events that
 * arrive between a list and the resync's end marker (newer than the list) are not undone by it.
 */
class ResyncMergeTest {
    private final Chan c1 = new Chan("PJSIP/c1-00000001", "1700000000.1", "1700000000.1").state(6);
    private final Chan c2 = new Chan("PJSIP/c2-00000002", "1700000000.2", "1700000000.2").state(6);
    private final Chan c3 = new Chan("PJSIP/c3-00000003", "1700000000.3", "1700000000.3").state(6);

    private static final class Heard implements ServerListener {
        final List<String> parking = new CopyOnWriteArrayList<>();
        final BlockingQueue<ResyncReport> reports = new LinkedBlockingQueue<>();

        @Override
        public void parked(ParkedCall call) {
            parking.add("parked " + call.space() + " " + call.channel().name());
        }

        @Override
        public void unparked(ParkedCall call) {
            parking.add("unparked " + call.space() + " " + call.channel().name());
        }

        @Override
        public void resynced(ResyncReport report) {
            reports.add(report);
        }

        ResyncReport next() throws InterruptedException {
            ResyncReport r = reports.poll(LiveFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(r).as("a resync report").isNotNull();
            return r;
        }
    }

    @Test
    void parkingChangesDuringAGapAreToldToListeners() throws Exception {
        try (Replay r = new Replay()) {
            Heard heard = new Heard();
            r.server.addListener(heard);
            r.push(c1.event("Newchannel"), c2.event("Newchannel"), c1.parking("ParkedCall", "701", false),
                    c2.parking("ParkedCall", "702", false));
            r.settle();
            heard.parking.clear();

            r.fake.stop();
            await().atMost(LiveFixture.WAIT).until(() -> !r.server.isSynced());
            // Meanwhile c1 was picked up (still talking), c2 timed out and hung up, c3 came and was parked.
            r.lists.set("coreshowchannels", List.of(c1.listed(""), c3.listed("")));
            r.lists.set("parkedcalls", List.of(c3.parking("ParkedCall", "702", true)));
            r.fake.restart();
            ResyncReport report = heard.next();

            assertThat(report.appeared()).extracting(Channel::name).containsExactly(c3.name());
            assertThat(report.ended()).extracting(Channel::name).containsExactly(c2.name());
            assertThat(r.server.parkedCalls()).extracting(ParkedCall::space, p -> p.channel().name())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("702", c3.name()));
            r.settle();
            assertThat(heard.parking).containsExactlyInAnyOrder("unparked 701 " + c1.name(),
                    "unparked 702 " + c2.name(), "parked 702 " + c3.name());
        }
    }

    @Test
    void aParkedCallRetrievedAfterTheListWasTakenStaysRetrieved() throws Exception {
        try (Replay r = new Replay()) {
            Heard heard = new Heard();
            r.server.addListener(heard);
            r.push(c1.event("Newchannel"), c1.parking("ParkedCall", "701", false));
            r.settle();
            // The list still shows the call; the retrieval's event arrives after it, before the end marker.
            r.lists.set("coreshowchannels", List.of(c1.listed("")));
            r.lists.set("parkedcalls", List.of(c1.parking("ParkedCall", "701", true)));
            r.lists.after("parkedcalls", () -> r.push(c1.parking("UnParkedCall", "701", false)));
            LiveFixture.get(r.server.resync());
            r.settle();
            assertThat(r.server.parkedCalls()).isEmpty();
            assertThat(heard.parking).containsExactly("parked 701 " + c1.name(), "unparked 701 " + c1.name());
        }
    }

    @Test
    void aCallParkedAfterTheListWasTakenStaysParked() throws Exception {
        try (Replay r = new Replay()) {
            Heard heard = new Heard();
            r.server.addListener(heard);
            r.push(c1.event("Newchannel"));
            r.settle();
            r.lists.set("coreshowchannels", List.of(c1.listed("")));
            r.lists.after("parkedcalls", () -> r.push(c1.parking("ParkedCall", "701", false)));
            LiveFixture.get(r.server.resync());
            r.settle();
            assertThat(r.server.parkedCalls()).extracting(ParkedCall::space).containsExactly("701");
            assertThat(heard.parking).containsExactly("parked 701 " + c1.name());
        }
    }

    @Test
    void queueEventsAfterTheListAreNotUndoneByIt() throws Exception {
        try (Replay r = new Replay()) {
            r.push(c1.event("Newchannel"), c2.event("Newchannel"),
                    Replay.member("QueueMemberAdded", "sales", "Alice", "PJSIP/alice", 0, false, ""),
                    c1.queue("QueueCallerJoin", "sales", 1));
            r.settle();
            // The list: alice available, c1 waiting. After it: c1 is answered, c2 joins, alice pauses.
            r.lists.set("coreshowchannels", List.of(c1.listed(""), c2.listed("")));
            r.lists.set("queuestatus", List.of(Replay.queueParams("sales", 1),
                    Replay.member("QueueMember", "sales", "Alice", "PJSIP/alice", 0, false, ""),
                    c1.queueEntry("sales", 1)));
            r.lists.after("queuestatus", () -> r.push(c1.queue("QueueCallerLeave", "sales", 1),
                    c2.queue("QueueCallerJoin", "sales", 1),
                    Replay.member("QueueMemberPause", "sales", "Alice", "PJSIP/alice", 0, true, "lunch")));
            LiveFixture.get(r.server.resync());
            r.settle();
            Queue sales = r.server.queue("sales").orElseThrow();
            assertThat(sales.entries()).extracting(e -> e.channel().name()).containsExactly(c2.name());
            assertThat(sales.members()).singleElement().satisfies(m -> {
                assertThat(m.paused()).isTrue();
                assertThat(m.pausedReason()).isEqualTo("lunch");
            });
            assertThat(sales.statistics().strategy()).isEqualTo("ringall");
        }
    }

    @Test
    void aQueueOrParkingListThatFailsLeavesWhatTheModelHad() throws Exception {
        try (Replay r = new Replay()) {
            Heard heard = new Heard();
            r.server.addListener(heard);
            r.push(c1.event("Newchannel"), c2.event("Newchannel"), c1.parking("ParkedCall", "701", false),
                    c2.queue("QueueCallerJoin", "sales", 1));
            r.settle();
            r.lists.set("coreshowchannels", List.of(c1.listed(""), c2.listed("")));
            r.lists.fail("parkedcalls");
            r.lists.fail("queuestatus");
            LiveFixture.get(r.server.resync());
            r.settle();
            assertThat(r.server.parkedCalls()).extracting(ParkedCall::space).containsExactly("701");
            assertThat(r.server.queue("sales").orElseThrow().entries()).hasSize(1);
            assertThat(heard.parking).containsExactly("parked 701 " + c1.name());
        }
    }

    @Test
    void aBridgeCreatedAfterTheListWasTakenSurvivesTheMerge() throws Exception {
        Replay.Brg lot = new Replay.Brg("b-4444", "parking", "holding_bridge");
        try (Replay r = new Replay()) {
            r.push(c1.event("Newchannel"));
            r.settle();
            r.lists.set("coreshowchannels", List.of(c1.listed("")));
            // The only event between the markers is the bridge's creation: no channel event moves the counter.
            r.lists.after("parkedcalls", () -> r.push(lot.event("BridgeCreate", 0)));
            LiveFixture.get(r.server.resync());
            r.settle();
            assertThat(r.server.bridge(lot.id())).hasValueSatisfying(b -> {
                assertThat(b.isAlive()).isTrue();
                assertThat(b.type()).isEqualTo("parking");
            });
        }
    }

    @Test
    void aQueueRefreshDoesNotUndoEventsNewerThanItsList() {
        try (Replay r = new Replay()) {
            r.push(c1.event("Newchannel"), c2.event("Newchannel"), c1.queue("QueueCallerJoin", "sales", 1));
            r.settle();
            Queue sales = r.server.queue("sales").orElseThrow();
            r.lists.set("queuestatus", List.of(Replay.queueParams("sales", 1), c1.queueEntry("sales", 1)));
            // After QueueStatus was answered (c1 still waiting), c1 leaves and c2 joins; the model has applied
            // both before QueueSummary is answered and the refresh merges its now older lists.
            r.lists.after("queuestatus", () -> r.push(c1.queue("QueueCallerLeave", "sales", 1),
                    c2.queue("QueueCallerJoin", "sales", 1)));
            r.lists.before("queuesummary", () -> await().atMost(LiveFixture.WAIT).until(() ->
                    sales.entries().stream().map(e -> e.channel().name()).toList().equals(List.of(c2.name()))));
            sales.refresh();
            assertThat(sales.entries()).extracting(e -> e.channel().name()).containsExactly(c2.name());
            assertThat(sales.statistics().strategy()).isEqualTo("ringall");
        }
    }
}
