package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** AstDB actions, GetConfigJSON, the Bridge action and the IAX2 peer lists, driven through {@code handle()}. */
class GapActionsTest {

    private static List<String> keys(Packet p) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            out.add(p.key(i));
        }
        return out;
    }

    @Test
    void dbPutGetDelAndTrees() {
        try (Harness h = new Harness()) {
            Packet put = h.sendOne("Action", "DBPut", "ActionID", "p1", "Family", "cidname", "Key", "100",
                    "Val", "Alice");
            assertThat(keys(put)).containsExactly("Response", "ActionID", "Message");
            assertThat(put.get("Message")).isEqualTo("Updated database successfully");
            h.sendOne("Action", "DBPut", "Family", "cidname", "Key", "200", "Val", "Bob");
            h.sendOne("Action", "DBPut", "Family", "cidname", "Key", "200/work", "Val", "Bob at work");
            h.sendOne("Action", "DBPut", "Family", "cf", "Key", "100");

            List<Packet> get = h.send("Action", "DBGet", "ActionID", "g1", "Family", "cidname", "Key", "100");
            assertThat(Harness.names(get)).containsExactly("Success", "DBGetResponse", "DBGetComplete");
            assertThat(keys(get.get(0))).containsExactly("Response", "ActionID", "EventList", "Message");
            assertThat(get.get(0).get("Message")).isEqualTo("Result will follow");
            assertThat(keys(get.get(1))).containsExactly("Event", "Family", "Key", "Val", "ActionID");
            assertThat(get.get(1).get("Val")).isEqualTo("Alice");
            assertThat(keys(get.get(2))).containsExactly("Event", "ActionID", "EventList", "ListItems");
            assertThat(get.get(2).get("ListItems")).isEqualTo("1");
            assertThat(h.send("Action", "DBGet", "Family", "cf", "Key", "100").get(1).get("Val")).isEmpty();

            Packet missing = h.sendOne("Action", "DBGet", "ActionID", "g2", "Family", "cidname", "Key", "999");
            assertThat(missing.get("Response")).isEqualTo("Error");
            assertThat(missing.get("Message")).isEqualTo("Database entry not found");
            assertThat(h.sendOne("Action", "DBPut", "Key", "1").get("Message")).isEqualTo("No family specified");
            assertThat(h.sendOne("Action", "DBGet", "Family", "x").get("Message")).isEqualTo("No key specified.");

            List<Packet> tree = h.send("Action", "DBGetTree", "ActionID", "t1", "Family", "cidname");
            assertThat(Harness.names(tree)).containsExactly("Success", "DBGetTreeResponse", "DBGetTreeResponse",
                    "DBGetTreeResponse", "DBGetTreeComplete");
            assertThat(tree.get(1).get("Key")).isEqualTo("/cidname/100");
            assertThat(keys(tree.get(1))).containsExactly("Event", "Key", "Val", "ActionID");
            assertThat(tree.get(4).get("ListItems")).isEqualTo("3");
            assertThat(h.send("Action", "DBGetTree", "Family", "cidname", "Key", "200")).hasSize(4);
            assertThat(h.send("Action", "DBGetTree")).hasSize(6);
            assertThat(h.send("Action", "DBGetTree", "Family", "nothing")).extracting(Packet::name)
                    .containsExactly("Success", "DBGetTreeComplete");

            assertThat(h.sendOne("Action", "DBDel", "Family", "cidname", "Key", "100").get("Message"))
                    .isEqualTo("Key deleted successfully");
            assertThat(h.sendOne("Action", "DBDel", "Family", "cidname", "Key", "100").get("Message"))
                    .isEqualTo("Database entry could not be deleted");
            assertThat(h.sendOne("Action", "DBDelTree", "Family", "cidname", "Key", "200").get("Message"))
                    .isEqualTo("Key tree deleted successfully");
            assertThat(h.sendOne("Action", "DBDelTree", "Family", "cidname").get("Message"))
                    .isEqualTo("Database entry not found");
            assertThat(h.send("Action", "DBGetTree")).hasSize(3);
        }
    }

    @Test
    void getConfigJsonBuildsObjectsFromTheSavedFile() {
        try (Harness h = new Harness()) {
            Packet json = h.sendOne("Action", "GetConfigJSON", "ActionID", "j1", "Filename", "queues.conf");
            assertThat(keys(json)).containsExactly("Response", "ActionID", "JSON");
            assertThat(json.get("JSON")).isEqualTo("{\"general\":{\"persistentmembers\":\"no\"},"
                    + "\"testq\":{\"strategy\":\"ringall\",\"member\":\"Local/qagent@test/n,0,Agent One\"},"
                    + "\"stormq\":{\"strategy\":\"rrmemory\",\"member\":\"Local/stormleg@test/n,0,Storm Agent A\","
                    + "\"member\":\"Local/stormleg@test,0,Storm Agent B\"}}");
            assertThat(h.sendOne("Action", "GetConfigJSON", "Filename", "pjsip.conf", "Category", "bob",
                    "Filter", "type=aor").get("JSON")).isEqualTo("{\"bob\":{\"type\":\"aor\",\"max_contacts\":\"1\","
                    + "\"contact\":\"sip:bob@127.0.0.1:5064\"}}");
            h.sendOne("Action", "UpdateConfig", "SrcFilename", "queues.conf", "DstFilename", "queues.conf",
                    "Action-000000", "Update", "Cat-000000", "general", "Var-000000", "persistentmembers",
                    "Value-000000", "say \"yes\"");
            assertThat(h.sendOne("Action", "GetConfigJSON", "Filename", "queues.conf", "Category", "general")
                    .get("JSON")).isEqualTo("{\"general\":{\"persistentmembers\":\"say \\\"yes\\\"\"}}");
            Packet missing = h.sendOne("Action", "GetConfigJSON", "Filename", "nope.conf");
            assertThat(missing.get("Response")).isEqualTo("Error");
            assertThat(missing.get("Message")).isEqualTo("Config file not found");
            assertThat(h.sendOne("Action", "GetConfigJSON").get("Message")).isEqualTo("Filename not specified");
        }
    }

    @Test
    void bridgeActionJoinsTwoChannelsAndTheyGoOnAfterwards() {
        try (Harness h = new Harness()) {
            h.pbx.cliOriginate("Local/hold@test", "Wait", "600");
            h.pbx.cliOriginate("Local/hold@test", "Wait", "600");
            String one = h.next(p -> p.name().equals("Newstate") && "Up".equals(p.get("ChannelStateDesc"))
                    && p.get("Channel").endsWith(";2")).get("Channel");
            String two = h.next(p -> p.name().equals("Newstate") && "Up".equals(p.get("ChannelStateDesc"))
                    && p.get("Channel").endsWith(";2") && !one.equals(p.get("Channel"))).get("Channel");
            Packet ok = h.sendOne("Action", "Bridge", "ActionID", "br1", "Channel1", one, "Channel2", two,
                    "Tone", "no");
            assertThat(keys(ok)).containsExactly("Response", "ActionID", "Message");
            assertThat(ok.get("Message")).isEqualTo("Channels have been bridged");
            Packet create = h.next("BridgeCreate");
            assertThat(create.get("BridgeType")).isEqualTo("basic");
            Packet enter1 = h.next("BridgeEnter");
            Packet enter2 = h.next("BridgeEnter");
            assertThat(enter1.get("Channel")).isEqualTo(one);
            assertThat(enter2.get("Channel")).isEqualTo(two);
            assertThat(enter2.get("BridgeUniqueid")).isEqualTo(create.get("BridgeUniqueid"));
            assertThat(h.pbx.channels()).filteredOn(c -> c.name().equals(one)).singleElement()
                    .satisfies(c -> assertThat(c.bridgeId()).isEqualTo(create.get("BridgeUniqueid")));

            assertThat(h.sendOne("Action", "Bridge", "Channel1", "PJSIP/nobody", "Channel2", two).get("Message"))
                    .isEqualTo("Channel1 does not exist: PJSIP/nobody");
            Packet err = h.sendOne("Action", "Bridge", "Channel1", one, "Channel2", "PJSIP/ghost");
            assertThat(err.get("Response")).isEqualTo("Error");
            assertThat(err.get("Message")).isEqualTo("Channel2 does not exist: PJSIP/ghost");
            assertThat(h.sendOne("Action", "Bridge", "Channel1", one).get("Message"))
                    .isEqualTo("Missing channel parameter in request");

            h.pbx.hangup(one, 16);
            assertThat(h.next("BridgeDestroy").get("BridgeUniqueid")).isEqualTo(create.get("BridgeUniqueid"));
            h.pbx.hangupAll();
            h.awaitNoChannels();
        }
    }

    @Test
    void iaxPeersAndPeerList() {
        try (Harness h = new Harness()) {
            List<Packet> peers = h.send("Action", "IAXpeers", "ActionID", "i1");
            assertThat(Harness.names(peers)).containsExactly("Success", "PeerEntry", "PeerEntry", "PeerlistComplete");
            assertThat(peers.get(0).get("Message")).isEqualTo("Peer status list will follow");
            Packet trunk1 = peers.get(1);
            assertThat(keys(trunk1)).startsWith("Event", "ActionID", "Channeltype", "ObjectName");
            assertThat(trunk1.get("Channeltype")).isEqualTo("IAX2");
            assertThat(trunk1.get("ObjectName")).isEqualTo("trunk1");
            assertThat(trunk1.get("IPaddress")).isEqualTo("192.0.2.10");
            assertThat(trunk1.get("IPport")).isEqualTo("4569");
            assertThat(trunk1.get("Dynamic")).isEqualTo("no");
            assertThat(trunk1.get("Status")).isEqualTo("OK (1 ms)");
            assertThat(peers.get(2).get("Status")).isEqualTo("UNKNOWN");
            assertThat(peers.get(2).get("Dynamic")).isEqualTo("yes");
            assertThat(peers.get(3).get("ListItems")).isEqualTo("2");
            assertThat(peers.get(3).get("ActionID")).isEqualTo("i1");

            List<Packet> list = h.send("Action", "IAXpeerlist");
            assertThat(Harness.names(list)).containsExactly("Success", "PeerEntry", "PeerEntry", "PeerlistComplete");
            assertThat(list.get(0).get("Message")).isEqualTo("IAX Peer status list will follow");
            assertThat(list.get(1).get("Channeltype")).isEqualTo("IAX");
            assertThat(list.get(1).get("Port")).isEqualTo("4569");
            assertThat(list.get(2).get("ObjectName")).isEqualTo("trunk2");
        }
    }
}
