package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Queue, parking and MixMonitor actions outside the recorded paths, SystemName, and the action list. */
class MiscActionsTest {
    @Test
    void actionNamesAreLowerCaseAndDispatchIsCaseInsensitive() {
        try (Harness h = new Harness()) {
            assertThat(h.pbx.actions()).allSatisfy(a -> assertThat(a).isEqualTo(a.toLowerCase()));
            assertThat(h.send("Action", "PARKINGLOTS")).hasSize(3);
        }
    }

    @Test
    void queueAndParkingErrors() {
        try (Harness h = new Harness()) {
            assertThat(h.sendOne("Action", "QueuePause", "Interface", "Local/x@test").get("Message"))
                    .isEqualTo("Need 'Interface' and 'Paused' parameters.");
            assertThat(h.sendOne("Action", "QueuePause", "Interface", "Local/x@test", "Paused", "true")
                    .get("Message")).isEqualTo("Interface not found");
            assertThat(h.sendOne("Action", "ParkedCalls", "ParkingLot", "other").get("Message"))
                    .isEqualTo("Requested parking lot could not be found.");
            List<Packet> empty = h.send("Action", "ParkedCalls", "ActionID", "p");
            assertThat(empty.get(1).get("Total")).isEqualTo("0");
            List<Packet> summary = h.send("Action", "QueueSummary", "Queue", "stormq");
            assertThat(summary).hasSize(3);
            assertThat(summary.get(1).get("Available")).isEqualTo("2");
        }
    }

    @Test
    void mixMonitorActions() {
        try (Harness h = new Harness(SimulatedPbx.builder().timeScale(0.05))) {
            assertThat(h.sendOne("Action", "MixMonitor").get("Message")).isEqualTo("No channel specified");
            assertThat(h.sendOne("Action", "StopMixMonitor", "Channel", "nope").get("Message"))
                    .isEqualTo("No such channel");
            h.pbx.cliOriginate("Local/echo@test", "Wait", "600");
            String two = h.next("Newexten", "Application", "Echo").get("Channel");
            assertThat(h.sendOne("Action", "StopMixMonitor", "Channel", two).get("Message"))
                    .isEqualTo("Could not stop MixMonitor");
            Packet ok = h.sendOne("Action", "MixMonitor", "ActionID", "m", "Channel", two, "File", "x.wav");
            assertThat(ok.headers()).hasSize(2);
            assertThat(h.next("VarSet", "Variable", "MIXMONITOR_FILENAME").get("Value"))
                    .isEqualTo("/var/spool/asterisk/monitor/x.wav");
            h.next("MixMonitorStart");
            assertThat(h.sendOne("Action", "MixMonitorMute", "Channel", two, "Direction", "sideways", "State", "1")
                    .get("Message")).startsWith("Invalid direction");
            h.sendOne("Action", "MixMonitorMute", "Channel", two, "Direction", "read", "State", "1");
            assertThat(h.next("MixMonitorMute").get("Direction")).isEqualTo("read");
        }
    }

    @Test
    void systemNameIsAddedAfterPrivilegeAndPrefixesUniqueids() {
        try (Harness h = new Harness(SimulatedPbx.builder().timeScale(0.01).systemName("pbx1"))) {
            h.pbx.cliOriginate("Local/echo@test", "Wait", "600");
            Packet p = h.next("Newchannel");
            assertThat(p.key(1)).isEqualTo("Privilege");
            assertThat(p.key(2)).isEqualTo("SystemName");
            assertThat(p.get("SystemName")).isEqualTo("pbx1");
            assertThat(p.get("Uniqueid")).startsWith("pbx1-");
        }
    }

    @Test
    void everyEventHasAKnownPrivilegeClass() {
        Set<String> classes = Set.of("call,all", "dialplan,all", "user,all", "cdr,all", "agent,all");
        try (Harness h = new Harness()) {
            h.pbx.simulateCalls(30, 50);
            for (int i = 0; i < 30; i++) {
                h.next("OriginateResponse");
            }
            h.awaitNoChannels();
            assertThat(h.seen).allSatisfy(p -> assertThat(p.get("Privilege")).isIn(classes));
            assertThat(h.seen).filteredOn(p -> p.name().equals("OriginateResponse")).hasSize(30)
                    .allSatisfy(p -> assertThat(p.get("ActionID")).startsWith("sim-"));
            assertThat(Harness.names(h.seen)).contains("Newchannel", "Hangup", "Cdr", "VarSet", "Newexten",
                    "UserEvent", "BridgeEnter", "QueueCallerJoin", "MixMonitorStart");
        }
    }

    @Test
    void continuousTrafficStopsWhenClosed() throws Exception {
        try (Harness h = new Harness()) {
            AutoCloseable traffic = h.pbx.simulateTraffic(20);
            h.next("OriginateResponse");
            traffic.close();
            h.awaitNoChannels();
            assertThat(h.pbx.channels()).isEmpty();
        }
    }
}
