package io.switchboard.live;

import io.switchboard.live.Replay.Chan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Queue and parking events built from the catalog's header names, fed to the model in order. */
class QueueParkingEventsTest {
    private final Chan c1 = new Chan("PJSIP/c1-00000001", "1700000000.1", "1700000000.1").state(6);
    private final Chan c2 = new Chan("PJSIP/c2-00000002", "1700000000.2", "1700000000.2").state(6);
    private final Chan c3 = new Chan("PJSIP/c3-00000003", "1700000000.3", "1700000000.3").state(6);

    @Test
    void queueMembersAndCallersFollowTheirEvents() {
        try (Replay r = new Replay()) {
            r.push(c1.event("Newchannel"), c2.event("Newchannel"), c3.event("Newchannel"),
                    Replay.member("QueueMemberAdded", "sales", "Alice", "PJSIP/alice", 0, false, ""),
                    Replay.member("QueueMemberAdded", "sales", "Bob", "PJSIP/bob", 0, false, ""),
                    Replay.member("QueueMemberPenalty", "sales", "Alice", "PJSIP/alice", 5, false, ""),
                    Replay.member("QueueMemberPause", "sales", "Bob", "PJSIP/bob", 0, true, "break"),
                    c1.queue("QueueCallerJoin", "sales", 1), c2.queue("QueueCallerJoin", "sales", 2),
                    // A priority caller is put ahead of the others.
                    c3.queue("QueueCallerJoin", "sales", 1));
            r.settle();
            Queue sales = r.server.queue("sales").orElseThrow();
            assertThat(sales.members()).extracting(QueueMember::name, QueueMember::penalty, QueueMember::paused,
                            QueueMember::pausedReason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Alice", 5, false, ""),
                            org.assertj.core.groups.Tuple.tuple("Bob", 0, true, "break"));
            assertThat(sales.entries()).extracting(e -> e.channel().name(), QueueEntry::position)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(c3.name(), 1),
                            org.assertj.core.groups.Tuple.tuple(c1.name(), 2),
                            org.assertj.core.groups.Tuple.tuple(c2.name(), 3));

            // c1 gives up (QueueCallerAbandon, then QueueCallerLeave), c3 is answered (QueueCallerLeave).
            r.push(c1.queue("QueueCallerAbandon", "sales", 2), c1.queue("QueueCallerLeave", "sales", 2),
                    c3.queue("QueueCallerLeave", "sales", 1),
                    Replay.member("QueueMemberRemoved", "sales", "Bob", "PJSIP/bob", 0, true, "break"));
            r.settle();
            assertThat(sales.entries()).extracting(e -> e.channel().name(), QueueEntry::position)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(c2.name(), 1));
            assertThat(sales.members()).extracting(QueueMember::name).containsExactly("Alice");

            // A caller that hangs up while waiting leaves the queue with it.
            r.push(c2.hangup(16, "Normal Clearing"));
            r.settle();
            assertThat(sales.entries()).isEmpty();
        }
    }

    @Test
    void parkedCallsLeaveTheirSpaceOnTimeoutRetrievalOrHangup() {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (Replay r = new Replay()) {
            r.server.addListener(new ServerListener() {
                @Override
                public void parked(ParkedCall call) {
                    heard.add("parked " + call.space());
                }

                @Override
                public void unparked(ParkedCall call) {
                    heard.add("unparked " + call.space());
                }
            });
            r.push(c1.event("Newchannel"), c2.event("Newchannel"), c3.event("Newchannel"),
                    c1.parking("ParkedCall", "701", false), c2.parking("ParkedCall", "702", false),
                    c3.parking("ParkedCall", "703", false));
            r.settle();
            assertThat(r.server.parkedCalls()).extracting(ParkedCall::space).containsExactly("701", "702", "703");
            assertThat(r.server.parkedCalls().get(0).channel().name()).isEqualTo(c1.name());

            r.push(c1.parking("ParkedCallTimeOut", "701", false), c2.parking("UnParkedCall", "702", false),
                    c3.hangup(16, "Normal Clearing"), c3.parking("ParkedCallGiveUp", "703", false));
            r.settle();
            assertThat(r.server.parkedCalls()).isEmpty();
            assertThat(heard).containsExactly("parked 701", "parked 702", "parked 703", "unparked 701",
                    "unparked 702", "unparked 703");
        }
    }
}
