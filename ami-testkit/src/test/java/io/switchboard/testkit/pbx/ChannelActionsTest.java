package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChannelActionsTest {
    private static String holdCall(Harness h) {
        h.pbx.cliOriginate("Local/hold@test", "Wait", "600");
        await().atMost(Harness.WAIT).pollInterval(Duration.ofMillis(5)).until(() ->
                h.pbx.channels().stream().filter(c -> c.application().equals("Wait")).count() == 2);
        return h.pbx.channels().get(1).name();
    }

    @Test
    void getvarAndSetvar() {
        try (Harness h = new Harness()) {
            String two = holdCall(h);
            assertThat(h.sendOne("Action", "Setvar", "Channel", two, "Variable", "X", "Value", "it's")
                    .get("Message")).isEqualTo("Variable Set");
            Packet varSet = h.next("VarSet", "Variable", "X");
            assertThat(varSet.get("Value")).isEqualTo("it\\'s");
            assertThat(h.sendOne("Action", "Getvar", "Channel", two, "Variable", "X").get("Value")).isEqualTo("it's");
            assertThat(h.sendOne("Action", "Getvar", "Channel", two, "Variable", "CHANNEL(state)").get("Value"))
                    .isEqualTo("Up");
            assertThat(h.sendOne("Action", "Getvar", "Channel", two, "Variable", "EXTEN").get("Value"))
                    .isEqualTo("hold");
            assertThat(h.sendOne("Action", "Getvar", "Variable", "LABGLOBAL").get("Value")).isEqualTo("lab");
            h.sendOne("Action", "Setvar", "Channel", two, "Variable", "CDR(userfield)", "Value", "billing");
            assertThat(h.sendOne("Action", "Getvar", "Channel", two, "Variable", "CDR(userfield)").get("Value"))
                    .isEqualTo("billing");
            assertThat(h.sendOne("Action", "Setvar", "Value", "x").get("Message")).isEqualTo("No variable specified");
            assertThat(h.sendOne("Action", "Getvar", "Channel", "nope", "Variable", "X").get("Message"))
                    .isEqualTo("No such channel");
        }
    }

    @Test
    void statusWithVariablesAndUnknownChannel() {
        try (Harness h = new Harness()) {
            String two = holdCall(h);
            List<Packet> r = h.send("Action", "Status", "ActionID", "st", "Channel", two,
                    "Variables", "NOPE,CHANNEL(state)");
            Packet item = r.get(1);
            assertThat(item.get("Privilege")).isEqualTo("Call");
            assertThat(item.getAll("Variable")).containsExactly("NOPE=(null)", "CHANNEL(state)=Up");
            assertThat(item.key(item.size() - 1)).isEqualTo("ActionID");
            assertThat(r.get(2).get("Items")).isEqualTo("1");
            assertThat(h.sendOne("Action", "Status", "Channel", "nope").get("Message")).isEqualTo("No such channel");
            List<Packet> noId = h.send("Action", "Status");
            assertThat(noId).hasSize(4).allSatisfy(p -> assertThat(p.get("ActionID")).isNull());
        }
    }

    @Test
    void redirectRunsTheNewExtensionAndInvalidGoesToI() {
        try (Harness h = new Harness()) {
            String two = holdCall(h);
            assertThat(h.sendOne("Action", "Redirect", "Channel", "nope", "Context", "test", "Exten", "redirected",
                    "Priority", "1").get("Message")).isEqualTo("Channel does not exist: nope");
            h.sendOne("Action", "Redirect", "Channel", two, "Context", "test", "Exten", "redirected", "Priority", "1");
            h.next("VarSet", "Variable", "REDIRECTED");
            h.sendOne("Action", "Redirect", "Channel", two, "Context", "test", "Exten", "nosuchexten",
                    "Priority", "1");
            Packet invalid = h.next("VarSet", "Variable", "INVALID_EXTEN");
            assertThat(invalid.get("Value")).isEqualTo("nosuchexten");
            assertThat(invalid.get("Exten")).isEqualTo("redirected");
            assertThat(h.next("Newexten").get("Exten")).isEqualTo("i");
            h.awaitNoChannels();
        }
    }

    @Test
    void dialBridgesTwoLocalCallsAndCoreShowChannelsShowsTheBridge() {
        try (Harness h = new Harness()) {
            h.send("Action", "Originate", "Channel", "Local/bridge@test", "Application", "Wait", "Data", "600",
                    "Async", "true", "CallerID", "Caller <300>");
            Packet enter = h.next("BridgeEnter");
            h.next("BridgeEnter");
            h.next("VarSet", "Variable", "BRIDGEPEER");
            List<Packet> list = h.send("Action", "CoreShowChannels", "ActionID", "c");
            assertThat(list).hasSize(6);
            assertThat(list.subList(1, 5)).filteredOn(p -> !p.get("BridgeId").isEmpty()).hasSize(2)
                    .allSatisfy(p -> assertThat(p.get("BridgeId")).isEqualTo(enter.get("BridgeUniqueid")));
            // The called side's dialplan ends after Wait(30): the bridge and then every channel go away.
            h.awaitNoChannels();
            assertThat(Harness.names(h.seen)).contains("BridgeLeave", "BridgeDestroy", "DialEnd");
        }
    }
}
