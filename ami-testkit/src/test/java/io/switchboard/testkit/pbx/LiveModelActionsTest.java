package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The actions added for the live object model: bridges, parking, DTMF, dynamic queue members, PJSIP, config. */
class LiveModelActionsTest {

    @Test
    void bridgeListAndInfoShowADialledCall() {
        try (Harness h = new Harness()) {
            h.send("Action", "Originate", "Channel", "PJSIP/alice", "Application", "Dial", "Data", "PJSIP/bob,10",
                    "Async", "true");
            Packet enter = h.next("BridgeEnter");
            h.next("BridgeEnter");
            List<Packet> list = h.send("Action", "BridgeList", "ActionID", "b1");
            assertThat(Harness.names(list)).containsExactly("Success", "BridgeListItem", "BridgeListComplete");
            assertThat(list.get(1).get("BridgeUniqueid")).isEqualTo(enter.get("BridgeUniqueid"));
            assertThat(list.get(1).get("BridgeNumChannels")).isEqualTo("2");
            List<Packet> info = h.send("Action", "BridgeInfo", "BridgeUniqueid", enter.get("BridgeUniqueid"));
            assertThat(Harness.names(info)).containsExactly("Success", "BridgeInfoChannel", "BridgeInfoChannel",
                    "BridgeInfoComplete");
            assertThat(h.sendOne("Action", "BridgeInfo", "BridgeUniqueid", "nope").get("Message"))
                    .isEqualTo("Bridge not found");
            h.pbx.hangupAll();
            h.awaitNoChannels();
            assertThat(h.send("Action", "BridgeList")).hasSize(2);
        }
    }

    @Test
    void parkActionParksAChannelAndPlayDtmfSendsDigits() {
        try (Harness h = new Harness()) {
            h.pbx.cliOriginate("Local/hold@test", "Wait", "600");
            Packet up = h.next("Newstate", "ChannelStateDesc", "Up");
            String name = up.get("Channel");
            assertThat(h.sendOne("Action", "PlayDTMF", "Channel", name, "Digit", "5").get("Message"))
                    .isEqualTo("DTMF successfully queued");
            assertThat(h.next("DTMFEnd").get("Digit")).isEqualTo("5");
            assertThat(h.sendOne("Action", "Park", "Channel", name, "Timeout", "20000").get("Message"))
                    .isEqualTo("Park successful");
            Packet parked = h.next("ParkedCall");
            assertThat(parked.get("ParkeeChannel")).isEqualTo(name);
            assertThat(parked.get("ParkingTimeout")).isEqualTo("20");
            assertThat(h.sendOne("Action", "Park", "Channel", "PJSIP/nobody-1").get("Message"))
                    .isEqualTo("Channel does not exist: PJSIP/nobody-1");
            h.pbx.hangupAll();
            h.awaitNoChannels();
        }
    }

    @Test
    void dynamicQueueMembers() {
        try (Harness h = new Harness()) {
            assertThat(h.sendOne("Action", "QueueAdd", "Queue", "testq", "Interface", "PJSIP/alice",
                    "MemberName", "Alice", "Penalty", "2").get("Message")).isEqualTo("Added interface to queue");
            Packet added = h.next("QueueMemberAdded");
            assertThat(added.get("Membership")).isEqualTo("dynamic");
            assertThat(added.get("Penalty")).isEqualTo("2");
            assertThat(h.sendOne("Action", "QueueAdd", "Queue", "testq", "Interface", "PJSIP/alice").get("Message"))
                    .isEqualTo("Unable to add interface: Already there");
            assertThat(h.sendOne("Action", "QueueRemove", "Queue", "testq", "Interface", "Local/qagent@test/n")
                    .get("Message")).isEqualTo("Unable to remove interface: Not dynamic");
            assertThat(h.sendOne("Action", "QueueRemove", "Queue", "testq", "Interface", "PJSIP/alice")
                    .get("Message")).isEqualTo("Removed interface from queue");
            assertThat(h.next("QueueMemberRemoved").get("Interface")).isEqualTo("PJSIP/alice");
        }
    }

    @Test
    void pjsipEndpointsAndContactsComeFromTheLoadedConfig() {
        try (Harness h = new Harness()) {
            List<Packet> eps = h.send("Action", "PJSIPShowEndpoints");
            assertThat(Harness.names(eps)).containsExactly("Success", "EndpointList", "EndpointList",
                    "EndpointListComplete");
            assertThat(eps.get(1).get("ObjectName")).isEqualTo("alice");
            assertThat(eps.get(1).get("Contacts")).isEqualTo("alice/sip:alice@127.0.0.1:5062,");
            assertThat(eps.get(1).get("DeviceState")).isEqualTo("Not in use");
            List<Packet> contacts = h.send("Action", "PJSIPShowContacts");
            assertThat(contacts.get(1).get("Status")).isEqualTo("Reachable");
            assertThat(contacts.get(2).get("Status")).isEqualTo("Unknown");
        }
    }

    @Test
    void getConfigAndUpdateConfigWithReload() {
        try (Harness h = new Harness()) {
            Packet cfg = h.sendOne("Action", "GetConfig", "Filename", "queues.conf");
            assertThat(cfg.get("Category-000001")).isEqualTo("testq");
            assertThat(cfg.get("Line-000001-000000")).isEqualTo("strategy=ringall");
            assertThat(h.sendOne("Action", "GetConfig", "Filename", "nope.conf").get("Message"))
                    .isEqualTo("Config file not found");
            Packet ok = h.sendOne("Action", "UpdateConfig", "SrcFilename", "pjsip.conf", "DstFilename", "pjsip.conf",
                    "Action-000000", "NewCat", "Cat-000000", "carol",
                    "Action-000001", "Append", "Cat-000001", "carol", "Var-000001", "type", "Value-000001", "endpoint");
            assertThat(ok.get("Response")).isEqualTo("Success");
            assertThat(h.send("Action", "PJSIPShowEndpoints")).hasSize(4); // not reloaded yet
            assertThat(h.sendOne("Action", "Reload", "Module", "res_pjsip.so").get("Message"))
                    .isEqualTo("Module Reloaded");
            assertThat(h.send("Action", "PJSIPShowEndpoints")).hasSize(5);
            Packet bad = h.sendOne("Action", "UpdateConfig", "SrcFilename", "pjsip.conf", "DstFilename",
                    "pjsip.conf", "Action-000000", "Update", "Cat-000000", "carol", "Var-000000", "nokey",
                    "Value-000000", "x");
            assertThat(bad.get("Message")).isEqualTo("Update did not complete successfully");
        }
    }
}
