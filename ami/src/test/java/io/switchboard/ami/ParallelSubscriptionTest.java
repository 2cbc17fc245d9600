package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link AmiClient#subscribeParallel} through a real connection, on one connection and on two. */
class ParallelSubscriptionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Function<Event, String> LINKEDID = e -> e.get("Linkedid");

    private ScriptedServer server;
    private AmiClient client;
    /** The session that logged in without {@code Events: off}: where events go in two-connection mode. */
    private volatile ScriptedServer.Session eventSession;
    /** Events per call, in the order the server wrote them. */
    private final Map<String, List<String>> sent = new HashMap<>();

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A server that answers {@code Trigger} with 2,000 events of 40 interleaved calls, then Success. */
    private ScriptedServer server() throws IOException {
        List<Packet> events = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String call = "1700000000." + (i * 7 % 40);
            String seq = Integer.toString(i);
            events.add(Packet.of("Event", i % 3 == 0 ? "Newstate" : "VarSet", "Privilege", "call,all",
                    "Linkedid", call, "Seq", seq));
            sent.computeIfAbsent(call, k -> new ArrayList<>()).add(seq);
        }
        ScriptedServer.Script standard = ScriptedServer.standard((a, s) -> {
            if ("Trigger".equals(a.get("Action"))) {
                for (Packet p : events) {
                    eventSession.send(p);
                }
            }
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        server = new ScriptedServer((a, s) -> {
            if ("Login".equals(a.get("Action")) && !"off".equals(a.get("Events"))) {
                eventSession = s;
            }
            standard.onAction(a, s);
        });
        return server;
    }

    /** A listener recording each call's events (by Seq) in the order it got them. */
    private static Map<String, List<String>> recorder() {
        return new ConcurrentHashMap<>();
    }

    private static EventListener into(Map<String, List<String>> got) {
        return e -> got.computeIfAbsent(e.get("Linkedid"), k -> Collections.synchronizedList(new ArrayList<>()))
                .add(e.get("Seq"));
    }

    private static int total(Map<String, List<String>> got) {
        return got.values().stream().mapToInt(List::size).sum();
    }

    @Test
    void everyCallKeepsItsOrderWhileCallsRunInParallel() throws Exception {
        client = AmiClient.connect(server().config().build());
        Map<String, List<String>> got = recorder();
        CountDownLatch twoAtOnce = new CountDownLatch(2);
        Subscription sub = client.subscribeParallel(e -> e.is("Newstate") || e.is("VarSet"), LINKEDID, 4, e -> {
            // The first events of two calls in different lanes meet here: proof that lanes run at the same time.
            twoAtOnce.countDown();
            try {
                twoAtOnce.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            into(got).onEvent(e);
        });
        client.send(Action.named("Trigger"));
        await().atMost(WAIT).until(() -> total(got) == 2000);
        assertThat(twoAtOnce.getCount()).isZero();
        assertThat(got).isEqualTo(sent);
        assertThat(sub.stats().delivered()).isEqualTo(2000);
        assertThat(sub.stats().dropped()).isZero();
    }

    @Test
    void theFilterChoosesTheEvents() throws Exception {
        client = AmiClient.connect(server().config().build());
        Map<String, List<String>> got = recorder();
        client.subscribeParallel(e -> e.is("Newstate"), LINKEDID, 3, into(got), 50, OverflowPolicy.BLOCK);
        Map<String, List<String>> all = recorder();
        client.onAny(into(all));
        client.send(Action.named("Trigger"));
        await().atMost(WAIT).until(() -> total(all) == 2000);
        await().atMost(WAIT).until(() -> total(got) == 667);
        for (Map.Entry<String, List<String>> e : got.entrySet()) {
            List<String> newstates = sent.get(e.getKey()).stream()
                    .filter(seq -> Integer.parseInt(seq) % 3 == 0).toList();
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(newstates);
        }
    }

    @Test
    void refusesBadArguments() throws Exception {
        client = AmiClient.connect(server().config().build());
        EventListener l = e -> { };
        assertThatThrownBy(() -> client.subscribeParallel(e -> true, LINKEDID, 0, l))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> client.subscribeParallel(e -> true, LINKEDID, 1025, l))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.subscribeParallel(e -> true, LINKEDID, 2, l, 0, OverflowPolicy.BLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.subscribeParallel(null, LINKEDID, 2, l))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.subscribeParallel(e -> true, null, 2, l))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.subscribeParallel(e -> true, LINKEDID, 2, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.subscribeParallel(e -> true, LINKEDID, 2, l, 1, null))
                .isInstanceOf(NullPointerException.class);
        client.close();
        assertThatThrownBy(() -> client.subscribeParallel(e -> true, LINKEDID, 2, l))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aListenerMaySendWithoutStallingTheOtherLanes() throws Exception {
        client = AmiClient.connect(server().config().build());
        Map<String, List<String>> got = recorder();
        client.subscribeParallel(e -> true, LINKEDID, 4, e -> {
            if (e.get("Seq").equals("0")) {
                client.send(Action.named("Ping")); // a blocking call inside a listener: the answer is not stuck
            }
            into(got).onEvent(e);
        }, 16, OverflowPolicy.BLOCK);
        client.send(Action.named("Trigger"));
        await().atMost(WAIT).until(() -> total(got) == 2000);
        assertThat(got).isEqualTo(sent);
    }

    @Test
    void twoConnectionClientDeliversFromItsEventConnection() throws Exception {
        server();
        Map<String, List<String>> got = recorder();
        client = AmiClient.connect(server.config().separateEventConnection(true).build(),
                c -> c.subscribeParallel(e -> true, LINKEDID, 4, into(got)));
        client.send(Action.named("Trigger"));
        await().atMost(WAIT).until(() -> total(got) == 2000);
        assertThat(got).isEqualTo(sent);
    }
}
