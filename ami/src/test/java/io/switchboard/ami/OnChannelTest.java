package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link AmiClient#onChannel} through a real connection, on one connection and on two. */
class OnChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private ScriptedServer server;
    private AmiClient client;
    /** The session that logged in without {@code Events: off}: where events go in two-connection mode. */
    private volatile ScriptedServer.Session eventSession;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Packet event(String name, String... keysAndValues) {
        List<String> all = new ArrayList<>(List.of("Event", name, "Privilege", "call,all"));
        all.addAll(Arrays.asList(keysAndValues));
        return Packet.of(all.toArray(String[]::new));
    }

    /** A server that answers {@code Trigger} by sending {@code events} on the event session, then Success. */
    private ScriptedServer serverSending(List<Packet> events) throws IOException {
        ScriptedServer.Script rest = (a, s) -> {
            if ("Trigger".equals(a.get("Action"))) {
                for (Packet p : events) {
                    eventSession.send(p);
                }
            }
            s.send(withId(a.actionId(), "Response", "Success"));
        };
        ScriptedServer.Script standard = ScriptedServer.standard(rest);
        server = new ScriptedServer((a, s) -> {
            if ("Login".equals(a.get("Action")) && !"off".equals(a.get("Events"))) {
                eventSession = s;
            }
            standard.onAction(a, s);
        });
        return server;
    }

    @Test
    void followsAChannelAndAnEndpointInWireOrder() throws Exception {
        List<Packet> events = List.of(
                event("Newchannel", "Channel", "PJSIP/alice-00000001", "Seq", "0"),
                event("Newchannel", "Channel", "PJSIP/bob-00000002", "Seq", "1"),
                event("DialBegin", "Channel", "PJSIP/alice-00000001", "DestChannel", "PJSIP/bob-00000002",
                        "Seq", "2"),
                event("Newchannel", "Channel", "PJSIP/alice-bob-00000003", "Seq", "3"),
                event("DialBegin", "Channel", "PJSIP/alice-00000001", "DestChannel", "PJSIP/alice-00000004",
                        "Seq", "4"),
                event("Hangup", "Channel", "pjsip/ALICE-00000001", "Seq", "5"));
        client = AmiClient.connect(serverSending(events).config().build());
        List<String> alice = new CopyOnWriteArrayList<>();
        List<String> bob = new CopyOnWriteArrayList<>();
        List<String> one = new CopyOnWriteArrayList<>();
        List<String> everything = new CopyOnWriteArrayList<>();
        client.onChannel("PJSIP/alice", e -> alice.add(e.get("Seq")));
        client.onChannel(" PJSIP/bob-00000002 ", e -> bob.add(e.get("Seq")));
        client.onChannel(List.of("PJSIP/alice-00000001", "PJSIP/bob"), e -> one.add(e.get("Seq")));
        client.onAny(e -> everything.add(e.get("Seq")));
        client.send(Action.named("Trigger"));
        await().atMost(WAIT).until(() -> everything.size() == 6 && alice.size() == 4 && one.size() == 5);
        await().atMost(WAIT).until(() -> bob.size() == 2);
        assertThat(alice).containsExactly("0", "2", "4", "5");
        assertThat(bob).containsExactly("1", "2");
        assertThat(one).containsExactly("0", "1", "2", "4", "5");
    }

    @Test
    void listItemsStayWithTheirAction() throws Exception {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> {
            String id = a.actionId();
            s.send(withId(id, "Response", "Success", "EventList", "start", "Message", "Channels will follow"));
            s.send(withId(id, "Event", "CoreShowChannel", "Channel", "PJSIP/alice-00000001"));
            s.send(Packet.of("Event", "Newstate", "Channel", "PJSIP/alice-00000001"));
            s.send(withId(id, "Event", "CoreShowChannelsComplete", "EventList", "Complete", "ListItems", "1"));
        }));
        client = AmiClient.connect(server.config().build());
        List<Event> got = new CopyOnWriteArrayList<>();
        client.onChannel("PJSIP/alice", got::add);
        EventList list = client.sendList(Action.named("CoreShowChannels"));
        assertThat(list.items()).extracting(Event::name).containsExactly("CoreShowChannel");
        await().atMost(WAIT).until(() -> !got.isEmpty());
        // The item came before Newstate on the wire: had it reached the subscription, it would be first.
        assertThat(got).extracting(Event::name).containsExactly("Newstate");
    }

    @Test
    void refusesBadArguments() throws Exception {
        client = AmiClient.connect(serverSending(List.of()).config().build());
        EventListener l = e -> { };
        for (String bad : new String[] {null, "", "  ", "PJSIP/alice\r\nAction: Hangup", "PJSIP/a\n"}) {
            assertThatThrownBy(() -> client.onChannel(bad, l)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> client.onChannel(List.of(), l)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.onChannel(Arrays.asList("PJSIP/a", null), l))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.onChannel("PJSIP/a", l, 0, OverflowPolicy.BLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.onChannel("PJSIP/a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.onChannel("PJSIP/a", l, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.onChannel((List<String>) null, l)).isInstanceOf(NullPointerException.class);
        client.close();
        assertThatThrownBy(() -> client.onChannel("PJSIP/a", l)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void usesTheConfiguredQueueAndPolicyOrTheGivenOnes() throws Exception {
        List<Packet> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(event("Newstate", "Channel", "PJSIP/alice-" + i, "Seq", String.valueOf(i)));
        }
        client = AmiClient.connect(serverSending(events).config().eventQueueCapacity(1)
                .overflowPolicy(OverflowPolicy.FAIL).build());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        EventListener stuck = e -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
        Subscription byConfig = client.onChannel("PJSIP/alice", stuck);
        List<String> roomy = new CopyOnWriteArrayList<>();
        Subscription given = client.onChannel("PJSIP/alice", e -> roomy.add(e.get("Seq")), 100,
                OverflowPolicy.BLOCK);
        client.send(Action.named("Trigger"));
        await().atMost(WAIT).until(() -> roomy.size() == 30);
        assertThat(byConfig.isActive()).as("FAIL from the config, capacity 1").isFalse();
        assertThat(given.isActive()).isTrue();
        assertThat(given.stats().dropped()).isZero();
        release.countDown();
    }

    @Test
    void twoConnectionClientFollowsChannelsOnItsEventConnection() throws Exception {
        List<Packet> events = List.of(
                event("Newchannel", "Channel", "SIP/100-0000000a", "Seq", "0"),
                event("Newchannel", "Channel", "SIP/101-0000000b", "Seq", "1"),
                event("BridgeEnter", "Channel", "Local/100@default-00000002;2", "Seq", "2"),
                event("Hangup", "Channel", "SIP/100-0000000a", "Seq", "3"));
        serverSending(events);
        List<String> early = new CopyOnWriteArrayList<>();
        client = AmiClient.connect(server.config().separateEventConnection(true).build(),
                c -> c.onChannel("SIP/100", e -> early.add(e.get("Seq"))));
        List<String> local = new CopyOnWriteArrayList<>();
        Subscription sub = client.onChannel("Local/100@default", e -> local.add(e.get("Seq")), 10,
                OverflowPolicy.DROP_OLDEST);
        client.send(Action.named("Trigger"));
        await().atMost(WAIT).until(() -> early.size() == 2 && local.size() == 1);
        assertThat(early).containsExactly("0", "3");
        assertThat(local).containsExactly("2");
        sub.close();
        assertThat(sub.isActive()).isFalse();
    }
}
