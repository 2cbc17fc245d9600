package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * Replays the actions of a recording against a {@link SimulatedPbx} driven directly (no sockets), collecting its
 * replies and broadcast events. Between actions it waits until the simulation has produced as many events as the
 * recording shows up to the next reply, the way the recording client paced itself on the real server.
 */
final class Scenario implements AutoCloseable {
    final Transcript transcript;
    final SimulatedPbx pbx;
    final List<Packet> events = new CopyOnWriteArrayList<>();
    /** Simulated replies per step index (only for the steps the engine answers). */
    final Map<Integer, List<Packet>> replies = new HashMap<>();
    private final Map<Integer, Runnable> afterStep = new HashMap<>();
    private int setupChannels;

    Scenario(String name, double timeScale, int firstLocalId, int firstUniqueid) {
        this.transcript = Transcript.load(name);
        this.pbx = SimulatedPbx.builder()
                .timeScale(timeScale)
                .clock(Clock.fixed(Instant.ofEpochSecond(1795674384L), ZoneOffset.UTC))
                .firstLocalId(firstLocalId)
                .firstUniqueid(firstUniqueid)
                .build(events::add);
    }

    /** The three {@code channel originate Local/hold@test application Wait 600} calls of the recordings. */
    Scenario withHoldCalls(int calls) {
        for (int i = 0; i < calls; i++) {
            pbx.cliOriginate("Local/hold@test", "Wait", "600");
        }
        setupChannels = 2 * calls;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() ->
                pbx.channels().stream().filter(c -> c.state().equals("Up")
                        && c.application().equals("Wait")).count() == 2L * calls);
        events.clear();
        return this;
    }

    /** Runs {@code action} right after step {@code index} (0-based), e.g. a CLI hangup the recording made. */
    Scenario after(int index, Runnable action) {
        afterStep.put(index, action);
        return this;
    }

    Scenario run() {
        int expected = 0;
        for (int i = 0; i < transcript.steps.size(); i++) {
            Transcript.Step step = transcript.steps.get(i);
            String action = step.name().toLowerCase(java.util.Locale.ROOT);
            if (pbx.actions().contains(action)) {
                List<Packet> out = new ArrayList<>();
                pbx.handle(step.action, out::add);
                replies.put(i, out);
            }
            Runnable hook = afterStep.get(i);
            if (hook != null) {
                hook.run();
            }
            expected += step.eventsAfter.size();
            int target = expected;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                    .until(() -> events.size() >= target);
        }
        return this;
    }

    /** Waits until every call but the setup calls has ended (their last events are then out). */
    Scenario awaitCallsEnded() {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(5))
                .until(() -> pbx.channels().size() == setupChannels);
        return this;
    }

    @Override
    public void close() {
        pbx.close();
    }
}
