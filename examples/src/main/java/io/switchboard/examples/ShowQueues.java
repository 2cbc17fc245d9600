package io.switchboard.examples;

import io.switchboard.live.OriginateRequest;
import io.switchboard.live.Queue;
import io.switchboard.live.QueueEntry;
import io.switchboard.live.QueueMember;
import io.switchboard.live.QueueStatistics;

import java.util.concurrent.CompletableFuture;

/**
 * Shows every queue with its members (state, paused, calls taken), the callers waiting and the statistics.
 *
 * <p>On the embedded PBX it first pauses the agent of queue {@code testq} and puts one caller into that queue,
 * so there is someone waiting to show.
 *
 * <pre>
 * java -cp ... io.switchboard.examples.ShowQueues
 * </pre>
 */
public final class ShowQueues {
    private ShowQueues() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            if (pbx.embedded()) {
                putACallerInTestq(pbx);
            }
            for (Queue q : pbx.server().queues()) {
                QueueStatistics s = q.statistics();
                System.out.printf("queue %s (%s): %d waiting, %d completed, %d abandoned, hold %d s, talk %d s, "
                                + "service level %.1f%% within %d s%n", q.name(), s.strategy(), q.entries().size(),
                        s.completed(), s.abandoned(), s.holdTime(), s.talkTime(), s.serviceLevelPerf(),
                        s.serviceLevel());
                for (QueueMember m : q.members()) {
                    System.out.println("    member " + m.name() + " " + m.iface() + " status " + m.status()
                            + (m.paused() ? " paused (" + m.pausedReason() + ")" : "") + " calls " + m.callsTaken());
                }
                for (QueueEntry e : q.entries()) {
                    System.out.println("    caller " + e.position() + ": " + e.channel().name() + " "
                            + e.channel().callerId());
                }
            }
        }
    }

    /** Pauses testq's agent and originates a call into the queue, returning once the caller has joined. */
    private static void putACallerInTestq(ExamplePbx pbx) throws Exception {
        Queue testq = pbx.server().queue("testq").orElseThrow();
        testq.pauseMember("Local/qagent@test/n", "lunch");
        // The model has no "queue changed" listener: wait for the raw QueueCallerJoin event, then re-read the
        // queue from Asterisk so the model certainly shows the caller.
        CompletableFuture<Void> joined = new CompletableFuture<>();
        try (var sub = pbx.client().on("QueueCallerJoin", e -> joined.complete(null))) {
            pbx.server().originate(OriginateRequest.to("Local/queue@test").application("Wait", "600").build());
            ExamplePbx.await(joined);
        }
        testq.refresh();
    }
}
