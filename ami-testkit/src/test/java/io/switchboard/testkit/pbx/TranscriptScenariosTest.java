package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each recorded call scenario replayed against the simulation: replies must match the recording (response,
 * message, list items and their header layout, expected.tsv), and broadcast events must match by shape under
 * the tolerance documented in {@link EventShapes}.
 */
class TranscriptScenariosTest {

    @Test
    void originateAsync() {
        try (Scenario s = new Scenario("originate_async", 0.01, 5, 10)) {
            s.run().awaitCallsEnded();
            check(s, false);
        }
    }

    @Test
    void originateAsyncExten() {
        try (Scenario s = new Scenario("originate_async_exten", 0.01, 6, 12)) {
            s.run().awaitCallsEnded();
            check(s, false);
        }
    }

    @Test
    void originateSyncFailures() {
        try (Scenario s = new Scenario("originate_sync_fail", 0.01, 7, 14)) {
            s.run().awaitCallsEnded();
            check(s, false);
        }
    }

    @Test
    void coreShowChannels() {
        try (Scenario s = new Scenario("coreshowchannels_3calls", 0.01, 2, 4).withHoldCalls(3)) {
            s.run();
            check(s, false);
        }
    }

    @Test
    void statusAll() {
        try (Scenario s = new Scenario("status_all", 0.01, 2, 4).withHoldCalls(3)) {
            s.run();
            check(s, false);
        }
    }

    @Test
    void commandCoreShowChannels() {
        try (Scenario s = new Scenario("command_core_show_channels", 0.01, 2, 4).withHoldCalls(3)) {
            s.run();
            check(s, false);
        }
    }

    @Test
    void getvarSetvar() {
        try (Scenario s = new Scenario("getvar_setvar", 0.01, 2, 4).withHoldCalls(3)) {
            s.run();
            check(s, false);
        }
    }

    @Test
    void redirect() {
        try (Scenario s = new Scenario("redirect", 0.05, 2, 4).withHoldCalls(3)) {
            s.run();
            check(s, true);
        }
    }

    @Test
    void hangupChannel() {
        try (Scenario s = new Scenario("hangup_channel", 0.01, 2, 4).withHoldCalls(3)) {
            s.run();
            check(s, false);
        }
    }

    @Test
    void queue() {
        // Step 8 is the "Queues" action (not the engine's); the recording then hung everything up from the CLI.
        try (Scenario s = new Scenario("queue", 0.05, 10, 20)) {
            s.after(8, () -> s.pbx.hangupAll()).run();
            check(s, true);
        }
    }

    @Test
    void parkedCalls() {
        try (Scenario s = new Scenario("parkedcalls", 0.05, 12, 24)) {
            s.after(4, () -> s.pbx.hangupAll()).run().awaitCallsEnded();
            check(s, false);
        }
    }

    @Test
    void mixMonitor() {
        try (Scenario s = new Scenario("mixmonitor", 0.1, 0, 0)) {
            s.run().awaitCallsEnded();
            check(s, false);
        }
    }

    private static void check(Scenario s, boolean recordingTruncated) {
        checkReplies(s);
        List<String> diffs = EventShapes.differences(s.transcript.events(), s.events, recordingTruncated);
        assertThat(diffs).as("event differences in %s", s.transcript.name).isEmpty();
    }

    private static void checkReplies(Scenario s) {
        List<String[]> expected = expectedRows(s.transcript.name);
        for (Map.Entry<Integer, List<Packet>> e : s.replies.entrySet()) {
            int i = e.getKey();
            List<Packet> recorded = s.transcript.steps.get(i).replies;
            List<Packet> simulated = e.getValue();
            String where = s.transcript.name + " step " + (i + 1) + " (" + s.transcript.steps.get(i).name() + ")";
            assertThat(shapes(simulated)).as("reply layout of %s", where).isEqualTo(shapes(recorded));
            Packet rec = recorded.get(0);
            Packet sim = simulated.get(0);
            assertThat(sim.get("Response")).as("Response of %s", where).isEqualTo(rec.get("Response"));
            assertThat(sim.get("Message")).as("Message of %s", where).isEqualTo(rec.get("Message"));
            assertThat(sim.get("ActionID")).as("ActionID of %s", where).isEqualTo(rec.get("ActionID"));
            Packet recLast = recorded.get(recorded.size() - 1);
            Packet simLast = simulated.get(simulated.size() - 1);
            assertThat(simLast.get("ListItems")).as("ListItems of %s", where).isEqualTo(recLast.get("ListItems"));
            String[] row = expected.get(i);
            String kind = row[3];
            if (kind.equals("list")) {
                assertThat(sim.get("EventList")).isEqualToIgnoringCase("start");
                assertThat(simulated.size() - 2).as("items of %s", where).isEqualTo(Integer.parseInt(row[5]));
            } else {
                assertThat(sim.get("Response")).as("kind of %s", where).isEqualTo(kind);
            }
            if (!row[4].isEmpty()) {
                assertThat(sim.get("Message")).as("expected.tsv message of %s", where).isEqualTo(row[4]);
            }
        }
    }

    private static List<String> shapes(List<Packet> packets) {
        List<String> out = new ArrayList<>();
        for (Packet p : packets) {
            out.add(EventShapes.shape(p));
        }
        return out;
    }

    /** expected.tsv rows of a scenario, indexed by action (0-based). */
    private static List<String[]> expectedRows(String scenario) {
        List<String[]> rows = new ArrayList<>();
        for (String line : Transcript.text("expected.tsv").split("\n")) {
            String[] cols = line.split("\t", -1);
            if (cols[0].equals(scenario)) {
                rows.add(cols);
            }
        }
        return rows;
    }
}
