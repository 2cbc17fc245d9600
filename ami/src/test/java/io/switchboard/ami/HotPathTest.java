package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The shortcuts of the hot paths keep the client's guarantees: asynchronous sends (written by the writer thread)
 * keep their order with blocking ones, callbacks never run on the reader even though completions are handed over
 * once per read, a blocking callback does not hold up the answers read with it, and events that no name
 * subscription wants are still counted, awaitable and delivered to predicate subscriptions.
 */
class HotPathTest {
    private ScriptedServer server;
    private AmiClient client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void connect(ScriptedServer.Script rest, AmiMetrics metrics) throws Exception {
        server = new ScriptedServer(ScriptedServer.standard(rest));
        client = AmiClient.connect(server.config().metrics(metrics).build());
        server.takeAction(); // Login
    }

    private static String wire(Packet p) {
        return new String(p.toWire(), StandardCharsets.UTF_8);
    }

    @Test
    void asyncAndBlockingSendsFromOneThreadReachTheServerInOrder() throws Exception {
        connect((a, s) -> s.send(withId(a.actionId(), "Response", "Success", "Seq", a.get("Seq"))), AmiMetrics.NONE);
        List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Action action = Action.named("Getvar").header("Seq", String.valueOf(i));
            if (i % 50 == 49) {
                assertThat(client.send(action).get("Seq")).isEqualTo(String.valueOf(i));
            } else {
                futures.add(client.sendAsync(action));
            }
        }
        for (CompletableFuture<Response> f : futures) {
            assertThat(f.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        for (int i = 0; i < 300; i++) {
            assertThat(server.takeAction().get("Seq")).isEqualTo(String.valueOf(i));
        }
    }

    @Test
    void callbacksOfAsyncSendsNeverRunOnTheReaderThread() throws Exception {
        connect((a, s) -> s.send(withId(a.actionId(), "Response", "Success")), AmiMetrics.NONE);
        List<String> threads = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(client.sendAsync(Action.named("Ping")).whenComplete((r, t) ->
                    threads.add(Thread.currentThread().getName())));
            all.add(client.sendListAsync(Action.named("Getvar")).whenComplete((r, t) ->
                    threads.add(Thread.currentThread().getName())));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        assertThat(threads).hasSize(400).noneMatch(n -> n.contains("reader"));
    }

    @Test
    void aBlockingCallbackDoesNotHoldUpTheAnswersReadWithIt() throws Exception {
        AtomicReference<String> heldId = new AtomicReference<>();
        connect((a, s) -> {
            if ("Hold".equals(a.get("Action"))) {
                heldId.set(a.actionId());
            } else if ("Release".equals(a.get("Action"))) {
                // Both answers in one write, so the client reads them together and completes them in one batch.
                s.sendRaw(wire(withId(heldId.get(), "Response", "Success"))
                        + wire(withId(a.actionId(), "Response", "Success")));
            }
        }, AmiMetrics.NONE);
        CountDownLatch second = new CountDownLatch(1);
        CompletableFuture<Boolean> first = client.sendAsync(Action.named("Hold"))
                .thenApply(r -> {
                    try {
                        return second.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> heldId.get() != null);
        client.sendAsync(Action.named("Release")).thenRun(second::countDown);
        assertThat(first.get(15, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void eventsNoNameSubscriptionWantsAreStillCountedAwaitedAndSeenByPredicates() throws Exception {
        Map<String, Integer> counted = new ConcurrentHashMap<>();
        AmiMetrics metrics = new AmiMetrics() {
            @Override
            public void eventReceived(String eventName) {
                counted.merge(eventName, 1, Integer::sum);
            }
        };
        connect((a, s) -> {
            s.send(withId(a.actionId(), "Response", "Success", "Message", "Originate successfully queued"));
            for (int i = 0; i < 10; i++) {
                s.send(Packet.of("Event", "Newchannel", "Seq", String.valueOf(i)));
                s.send(Packet.of("Event", "Hangup", "Seq", String.valueOf(i)));
            }
            s.send(withId(a.actionId(), "Event", "OriginateResponse", "Response", "Success"));
        }, metrics);
        List<String> hangups = new CopyOnWriteArrayList<>();
        List<String> byPredicate = new CopyOnWriteArrayList<>();
        client.on("Hangup", e -> hangups.add(e.name() + e.get("Seq")));
        client.on(e -> e.get("Seq") != null && e.get("Seq").equals("3"), e -> byPredicate.add(e.name()));
        Event done = client.sendAndAwaitEvent(Action.named("Originate"), "OriginateResponse")
                .get(10, TimeUnit.SECONDS);
        assertThat(done.get("Response")).isEqualTo("Success");
        await().atMost(Duration.ofSeconds(10)).until(() -> hangups.size() == 10 && byPredicate.size() == 2);
        assertThat(hangups).allMatch(h -> h.startsWith("Hangup"));
        assertThat(byPredicate).containsExactly("Newchannel", "Hangup");
        await().atMost(Duration.ofSeconds(10)).until(() -> counted.getOrDefault("Newchannel", 0) == 10);
        assertThat(counted).containsEntry("Hangup", 10).containsEntry("OriginateResponse", 1);
    }

    @Test
    void asyncSendsAfterCloseFailAndPendingOnesFailOnClose() throws Exception {
        connect((a, s) -> { }, AmiMetrics.NONE); // answers nothing but Login, Ping and Logoff
        CompletableFuture<Response> unanswered = client.sendAsync(Action.named("Getvar"));
        assertThat(server.takeAction().get("Action")).isEqualTo("Getvar"); // written, never answered
        client.close();
        assertThatThrownBy(() -> unanswered.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectionLostException.class);
        assertThatThrownBy(() -> client.sendAsync(Action.named("Ping"))).isInstanceOf(IllegalStateException.class);
    }
}
