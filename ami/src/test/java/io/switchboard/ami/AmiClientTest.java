package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AmiClientTest {
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

    private AmiClient connect(ScriptedServer.Script rest) throws IOException {
        server = new ScriptedServer(ScriptedServer.standard(rest));
        client = AmiClient.connect(server.config().build());
        return client;
    }

    @Test
    void logsInAndKeepsTheBanner() throws Exception {
        connect((a, s) -> { });
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
        assertThat(client.banner()).isEqualTo("Asterisk Call Manager/11.0.0");
        assertThat(client.amiVersion()).isEqualTo("11.0.0");
        Packet login = server.takeAction();
        assertThat(login.get("Action")).isEqualTo("Login");
        assertThat(login.get("Username")).isEqualTo("admin");
        assertThat(login.get("Secret")).isEqualTo(ScriptedServer.SECRET);
        assertThat(login.has("Events")).isFalse();
    }

    @Test
    void sendsTheEventMaskAtLogin() throws Exception {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> { }));
        client = AmiClient.connect(server.config().events("call,system").build());
        assertThat(server.takeAction().get("Events")).isEqualTo("call,system");
    }

    @Test
    void md5LoginUsesTheChallenge() throws Exception {
        server = new ScriptedServer((a, s) -> {
            String id = a.actionId();
            switch (a.get("Action")) {
                case "Challenge" -> s.send(withId(id, "Response", "Success", "Challenge", "840415273"));
                case "Login" -> {
                    // md5("840415273" + "secret")
                    boolean ok = "MD5".equals(a.get("AuthType"))
                            && io.switchboard.ami.internal.TestAccess.md5("840415273" + ScriptedServer.SECRET).equals(a.get("Key"))
                            && !a.has("Secret");
                    s.send(withId(id, "Response", ok ? "Success" : "Error", "Message",
                            ok ? "Authentication accepted" : "Authentication failed"));
                }
                case "Logoff" -> s.send(withId(id, "Response", "Goodbye", "Message", "Thanks for all the fish."));
                default -> { }
            }
        });
        client = AmiClient.connect(server.config().authType(AuthType.MD5).build());
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
    }

    @Test
    void wrongSecretIsAnAuthenticationExceptionWithTheServersMessage() throws Exception {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> { }));
        AmiConfig config = server.config().secret("wrong").build();
        assertThatThrownBy(() -> AmiClient.connect(config))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Authentication failed")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void unreachableServerIsAConnectionLostException() throws Exception {
        java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        int port = s.getLocalPort();
        s.close();
        AmiConfig config = AmiConfig.builder().port(port).username("u").secret("s").build();
        assertThatThrownBy(() -> AmiClient.connect(config)).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("cannot connect");
    }

    @Test
    void sendReturnsTheResponseWithAllHeaders() throws Exception {
        connect((a, s) -> { });
        Response r = client.send(Action.named("Ping"));
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.get("Ping")).isEqualTo("Pong");
        assertThat(r.get("timestamp")).isEqualTo("1795674000.000001");
        assertThat(r.actionId()).isNotBlank();
    }

    @Test
    void errorResponseIsAnActionFailedExceptionCarryingTheResponse() throws Exception {
        connect((a, s) -> s.send(withId(a.actionId(), "Response", "Error", "Message", "No such channel")));
        assertThatThrownBy(() -> client.send(Action.named("Hangup").header("Channel", "nope")))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.response().message()).isEqualTo("No such channel");
                    assertThat(e).hasMessageContaining("Hangup").hasMessageContaining("No such channel");
                });
        CompletableFuture<Response> f = client.sendAsync(Action.named("Hangup").header("Channel", "nope"));
        assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .havingCause().isInstanceOf(ActionFailedException.class);
    }

    @Test
    void actionIdsAreUniqueAndUseTheConfiguredPrefix() throws Exception {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> { }));
        client = AmiClient.connect(server.config().actionIdPrefix("crm").build());
        server.takeAction(); // login
        for (int i = 0; i < 50; i++) {
            client.sendAsync(Action.named("Ping"));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            String id = server.takeAction().actionId();
            assertThat(id).startsWith("crm-");
            assertThat(id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
            ids.add(id);
        }
        assertThat(ids).hasSize(50);
    }

    @Test
    void callerChosenActionIdIsUsedAndDuplicatesRefused() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        connect((a, s) -> { });
        CompletableFuture<Response> first = client.sendAsync(Action.named("Status").actionId("mine-1"));
        assertThatThrownBy(() -> client.sendAsync(Action.named("Status").actionId("mine-1")))
                .isInstanceOf(IllegalArgumentException.class);
        hold.countDown();
        first.cancel(true);
    }

    @Test
    void listActionCollectsItemsUntilComplete() throws Exception {
        connect((a, s) -> {
            String id = a.actionId();
            s.send(withId(id, "Response", "Success", "EventList", "start", "Message", "Channels will follow"));
            s.send(withId(id, "Event", "CoreShowChannel", "Channel", "Local/a;1"));
            s.send(Packet.of("Event", "Newchannel", "Privilege", "call,all", "Channel", "X")); // interleaved broadcast
            s.send(Packet.of("Event", "CoreShowChannel", "Channel", "Local/a;2", "ActionID", id)); // id last
            s.send(withId(id, "Event", "CoreShowChannelsComplete", "EventList", "Complete", "ListItems", "2"));
        });
        BlockingQueue<Event> seen = new LinkedBlockingQueue<>();
        client.onAny(seen::add);
        EventList list = client.sendList(Action.named("CoreShowChannels"));
        assertThat(list.items()).extracting(e -> e.get("Channel")).containsExactly("Local/a;1", "Local/a;2");
        assertThat(list.complete().name()).isEqualTo("CoreShowChannelsComplete");
        assertThat(list.announcedCount()).isEqualTo(2);
        assertThat(list.response().message()).isEqualTo("Channels will follow");
        Event broadcast = seen.poll(5, TimeUnit.SECONDS);
        assertThat(broadcast.name()).isEqualTo("Newchannel");
        // Sequence numbers place the broadcast inside the list, in wire order.
        assertThat(List.of(list.response().sequence(), list.items().get(0).sequence(), broadcast.sequence(),
                list.items().get(1).sequence(), list.complete().sequence())).isSorted().doesNotHaveDuplicates()
                .allMatch(n -> n > 0);
        assertThat(seen.poll(100, TimeUnit.MILLISECONDS)).as("list items are not broadcast").isNull();
    }

    @Test
    void sendOfAListActionWaitsForTheWholeList() throws Exception {
        connect((a, s) -> {
            String id = a.actionId();
            s.send(withId(id, "Response", "Success", "EventList", "Start", "Message", "x"));
            s.send(withId(id, "Event", "FAXSessionsComplete", "EventList", "Complete", "ListItems", "0"));
        });
        Response r = client.send(Action.named("FAXSessions"));
        assertThat(r.startsEventList()).isTrue();
    }

    @Test
    void nonListResponseThroughSendListHasNoItems() throws Exception {
        connect((a, s) -> s.send(withId(a.actionId(), "Response", "Success", "Message", "Channel Hungup")));
        EventList l = client.sendList(Action.named("Hangup").header("Channel", "x"));
        assertThat(l.items()).isEmpty();
        assertThat(l.complete()).isNull();
        assertThat(l.announcedCount()).isEqualTo(-1);
    }

    @Test
    void commandReturnsOutputLines() throws Exception {
        connect((a, s) -> s.send(withId(a.actionId(), "Response", "Success", "Message", "Command output follows",
                "Output", "System uptime: 2 hours", "Output", "Last reload: 2 hours")));
        assertThat(client.command("core show uptime")).containsExactly("System uptime: 2 hours", "Last reload: 2 hours");
        assertThat(server.actions.stream().filter(p -> "Command".equals(p.get("Action"))).findFirst().orElseThrow()
                .get("Command")).isEqualTo("core show uptime");
    }

    @Test
    void awaitsTheFollowUpEventOfAnAction() throws Exception {
        connect((a, s) -> {
            String id = a.actionId();
            s.send(withId(id, "Response", "Success", "Message", "Originate successfully queued"));
            s.send(Packet.of("Event", "Newchannel", "Privilege", "call,all", "Channel", "Local/x;1"));
            s.send(Packet.of("Event", "OriginateResponse", "Privilege", "call,all", "ActionID", id,
                    "Response", "Success", "Reason", "4"));
        });
        BlockingQueue<Event> subscribers = new LinkedBlockingQueue<>();
        client.on("OriginateResponse", subscribers::add);
        Event e = client.sendAndAwaitEvent(Action.named("Originate").header("Channel", "Local/x@test")
                .header("Async", "true"), "OriginateResponse").get(5, TimeUnit.SECONDS);
        assertThat(e.get("Reason")).isEqualTo("4");
        assertThat(e.get("Response")).isEqualTo("Success");
        assertThat(e.packet().kind()).isEqualTo(Packet.Kind.EVENT);
        assertThat(subscribers.poll(5, TimeUnit.SECONDS)).as("subscribers see it too").isEqualTo(e);
    }

    @Test
    void actionWithoutAnswerTimesOut() throws Exception {
        connect((a, s) -> { });
        assertThatThrownBy(() -> client.send(Action.named("Status").timeout(Duration.ofMillis(200))))
                .isInstanceOf(AmiTimeoutException.class).hasMessageContaining("Status");
        // the client stays usable
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();
    }

    @Test
    void eventsReachSubscribersInWireOrderByNameOrPredicate() throws Exception {
        connect((a, s) -> {
            for (int i = 0; i < 500; i++) {
                s.send(Packet.of("Event", i % 2 == 0 ? "Newchannel" : "Hangup", "Privilege", "call,all",
                        "Seq", String.valueOf(i)));
            }
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        List<Integer> hangups = new CopyOnWriteArrayList<>();
        List<Integer> all = new CopyOnWriteArrayList<>();
        List<Integer> both = new CopyOnWriteArrayList<>();
        client.on("hangup", e -> hangups.add(Integer.parseInt(e.get("Seq"))));
        client.on(e -> e.is("Newchannel"), e -> all.add(Integer.parseInt(e.get("Seq"))));
        client.on(List.of("Newchannel", "HANGUP"), e -> both.add(Integer.parseInt(e.get("Seq"))));
        client.send(Action.named("Trigger"));
        await().atMost(Duration.ofSeconds(10)).until(() -> both.size() == 500 && hangups.size() == 250
                && all.size() == 250);
        assertThat(both).isSorted();
        assertThat(hangups).isSorted().allMatch(i -> i % 2 == 1);
        assertThat(all).isSorted().allMatch(i -> i % 2 == 0);
    }

    @Test
    void unknownEventsAreDelivered() throws Exception {
        connect((a, s) -> {
            s.send(Packet.of("Event", "SomethingNobodyDocumented", "Weird-Key(1)", "v: with colon"));
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        BlockingQueue<Event> seen = new LinkedBlockingQueue<>();
        client.onAny(seen::add);
        client.send(Action.named("Trigger"));
        Event e = seen.poll(5, TimeUnit.SECONDS);
        assertThat(e.name()).isEqualTo("SomethingNobodyDocumented");
        assertThat(e.get("weird-key(1)")).isEqualTo("v: with colon");
    }

    @Test
    void aListenerMaySendWithoutDeadlock() throws Exception {
        connect((a, s) -> {
            if ("Trigger".equals(a.get("Action"))) {
                s.send(Packet.of("Event", "Hangup", "Channel", "X"));
            }
            s.send(withId(a.actionId(), "Response", "Success", "Value", "42"));
        });
        CompletableFuture<String> fromListener = new CompletableFuture<>();
        client.on("Hangup", e -> fromListener.complete(client.send(Action.named("Getvar")).get("Value")));
        client.send(Action.named("Trigger"));
        assertThat(fromListener.get(5, TimeUnit.SECONDS)).isEqualTo("42");
    }

    @Test
    void aFutureCallbackMaySendWithoutDeadlock() throws Exception {
        connect((a, s) -> s.send(withId(a.actionId(), "Response", "Success", "Value", "1")));
        String v = client.sendAsync(Action.named("Getvar"))
                .thenApply(r -> client.send(Action.named("Getvar")).get("Value"))
                .get(5, TimeUnit.SECONDS);
        assertThat(v).isEqualTo("1");
    }

    @Test
    void aSlowListenerDoesNotStallOthersOrResponses() throws Exception {
        connect((a, s) -> {
            for (int i = 0; i < 100; i++) {
                s.send(Packet.of("Event", "Tick", "Seq", String.valueOf(i)));
            }
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        CountDownLatch release = new CountDownLatch(1);
        client.on("Tick", e -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        List<Event> fast = new CopyOnWriteArrayList<>();
        client.on("Tick", fast::add);
        client.send(Action.named("Trigger"));
        await().atMost(Duration.ofSeconds(5)).until(() -> fast.size() == 100);
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();
        release.countDown();
    }

    @Test
    void aThrowingListenerKeepsReceiving() throws Exception {
        connect((a, s) -> {
            s.send(Packet.of("Event", "Tick", "Seq", "1"));
            s.send(Packet.of("Event", "Tick", "Seq", "2"));
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        List<String> seen = new CopyOnWriteArrayList<>();
        client.on("Tick", e -> {
            seen.add(e.get("Seq"));
            throw new IllegalStateException("listener bug");
        });
        client.send(Action.named("Trigger"));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
    }

    @Test
    void closedSubscriptionReceivesNothingMore() throws Exception {
        connect((a, s) -> {
            s.send(Packet.of("Event", "Tick"));
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        List<Event> closed = new CopyOnWriteArrayList<>();
        List<Event> open = new CopyOnWriteArrayList<>();
        Subscription sub = client.on("Tick", closed::add);
        client.on("Tick", open::add);
        sub.close();
        sub.close();
        assertThat(sub.isActive()).isFalse();
        client.send(Action.named("Trigger"));
        await().atMost(Duration.ofSeconds(5)).until(() -> open.size() == 1);
        assertThat(closed).isEmpty();
    }

    @Test
    void dropOldestPolicyCountsDrops() throws Exception {
        connect((a, s) -> {
            for (int i = 0; i < 50; i++) {
                s.send(Packet.of("Event", "Tick", "Seq", String.valueOf(i)));
            }
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> got = new CopyOnWriteArrayList<>();
        Subscription sub = client.subscribe(e -> e.is("Tick"), e -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            got.add(Integer.parseInt(e.get("Seq")));
        }, 5, OverflowPolicy.DROP_OLDEST);
        List<Event> other = new CopyOnWriteArrayList<>();
        client.on("Tick", other::add);
        client.send(Action.named("Trigger"));
        await().atMost(Duration.ofSeconds(5)).until(() -> other.size() == 50);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> sub.stats().queued() == 0 && got.size() >= 6);
        SubscriptionStats stats = sub.stats();
        assertThat(stats.delivered() + stats.dropped()).isEqualTo(50);
        assertThat(stats.dropped()).isGreaterThan(0);
        assertThat(stats.maxQueued()).isEqualTo(5);
        assertThat(got).isSorted().contains(49);
    }

    @Test
    void failPolicyClosesOnlyThatSubscription() throws Exception {
        connect((a, s) -> {
            for (int i = 0; i < 20; i++) {
                s.send(Packet.of("Event", "Tick", "Seq", String.valueOf(i)));
            }
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        CountDownLatch release = new CountDownLatch(1);
        Subscription failing = client.subscribe(e -> true, e -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, 2, OverflowPolicy.FAIL);
        List<Event> other = new CopyOnWriteArrayList<>();
        client.on("Tick", other::add);
        client.send(Action.named("Trigger"));
        await().atMost(Duration.ofSeconds(5)).until(() -> other.size() == 20);
        assertThat(failing.isActive()).isFalse();
        assertThat(failing.stats().dropped()).isGreaterThan(0);
        release.countDown();
    }

    @Test
    void blockPolicyLosesNothing() throws Exception {
        connect((a, s) -> {
            for (int i = 0; i < 300; i++) {
                s.send(Packet.of("Event", "Tick", "Seq", String.valueOf(i)));
            }
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        List<Integer> got = new CopyOnWriteArrayList<>();
        Subscription sub = client.subscribe(e -> e.is("Tick"), e -> got.add(Integer.parseInt(e.get("Seq"))), 3,
                OverflowPolicy.BLOCK);
        client.send(Action.named("Trigger"));
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 300);
        assertThat(got).isSorted();
        assertThat(sub.stats().dropped()).isZero();
    }

    @Test
    void aListenerSendingFromAFullBlockingQueueDoesNotDeadlock() throws Exception {
        // The answer to the listener's Getvar is written after 50 more events: with a 2-slot BLOCK queue the reader
        // would wait for room that only the blocked listener can make, and never read the answer.
        connect((a, s) -> {
            if ("Trigger".equals(a.get("Action"))) {
                s.send(Packet.of("Event", "Tick", "Seq", "0"));
                s.send(withId(a.actionId(), "Response", "Success"));
            } else if ("Getvar".equals(a.get("Action"))) {
                for (int i = 1; i <= 50; i++) {
                    s.send(Packet.of("Event", "Tick", "Seq", String.valueOf(i)));
                }
                s.send(withId(a.actionId(), "Response", "Success", "Value", "v"));
            }
        });
        List<String> values = new CopyOnWriteArrayList<>();
        List<Integer> seqs = new CopyOnWriteArrayList<>();
        Subscription sub = client.subscribe(e -> e.is("Tick"), e -> {
            seqs.add(Integer.parseInt(e.get("Seq")));
            if (seqs.size() == 1) {
                values.add(client.send(Action.named("Getvar").timeout(Duration.ofSeconds(20))).get("Value"));
            }
        }, 2, OverflowPolicy.BLOCK);
        client.send(Action.named("Trigger"));
        await().atMost(Duration.ofSeconds(10)).until(() -> seqs.size() == 51);
        assertThat(values).containsExactly("v");
        assertThat(seqs).isSorted();
        assertThat(sub.stats().dropped()).isZero();
        assertThat(sub.stats().maxQueued()).isGreaterThan(2); // grew past capacity while the listener waited
    }

    @Test
    void lossBeforeTheAnswerFailsWithUnknownOutcome() throws Exception {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> {
            if ("Originate".equals(a.get("Action"))) {
                s.close();
            }
        }));
        client = AmiClient.connect(server.config().reconnect(false).build());
        assertThatThrownBy(() -> client.send(Action.named("Originate").header("Channel", "Local/x@y")))
                .isInstanceOfSatisfying(ConnectionLostException.class,
                        e -> assertThat(e.outcome()).isEqualTo(ConnectionLostException.Outcome.UNKNOWN));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.state() == ConnectionState.LOST);
        assertThatThrownBy(() -> client.send(Action.named("Ping")))
                .isInstanceOfSatisfying(ConnectionLostException.class,
                        e -> assertThat(e.outcome()).isEqualTo(ConnectionLostException.Outcome.NOT_SENT));
    }

    @Test
    void serverVanishingMidPacketFailsPendingActions() throws Exception {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> {
            if ("Status".equals(a.get("Action"))) {
                s.sendRaw("Response: Success\r\nActionID: " + a.actionId() + "\r\nEventList: st");
                s.close();
            }
        }));
        client = AmiClient.connect(server.config().reconnect(false).build());
        assertThatThrownBy(() -> client.send(Action.named("Status")))
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("middle of a packet");
    }

    @Test
    void oversizedPacketIsAProtocolErrorThatClosesTheConnection() throws Exception {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> {
            s.sendRaw("Event: Huge\r\nData: " + "x".repeat(10_000) + "\r\n\r\n");
        }));
        client = AmiClient.connect(server.config()
                .decoderLimits(new io.switchboard.ami.codec.DecoderLimits(1024, 100, 4096)).build());
        assertThatThrownBy(() -> client.send(Action.named("Trigger")))
                .isInstanceOf(ConnectionLostException.class)
                .hasCauseInstanceOf(ProtocolException.class);
    }

    @Test
    void closeSendsLogoffAndFailsPendingActions() throws Exception {
        connect((a, s) -> { });
        CompletableFuture<Response> pending = client.sendAsync(Action.named("Status"));
        client.close();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(server.actions).extracting(p -> p.get("Action")).contains("Logoff");
        assertThat(pending).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .havingCause().isInstanceOf(ConnectionLostException.class).withMessageContaining("closed");
        assertThatThrownBy(() -> client.send(Action.named("Ping"))).isInstanceOf(IllegalStateException.class);
        client.close(); // idempotent
    }

    @Test
    void aLogoffSentByTheUserEndsTheClientWithoutReconnecting() throws Exception {
        connect((a, s) -> { });
        List<ConnectionEvent> lifecycle = new CopyOnWriteArrayList<>();
        client.addConnectionListener(lifecycle::add);
        assertThat(client.send(Action.named("Logoff")).status()).isEqualTo("Goodbye");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.state() == ConnectionState.CLOSED);
        assertThat(lifecycle).extracting(ConnectionEvent::type).containsExactly(ConnectionEvent.Type.CLOSED);
        assertThat(server.actions).extracting(p -> p.get("Action")).containsOnlyOnce("Logoff");
    }

    @Test
    void closeFromAListenerDoesNotHang() throws Exception {
        connect((a, s) -> {
            s.send(Packet.of("Event", "Tick"));
            s.send(withId(a.actionId(), "Response", "Success"));
        });
        CompletableFuture<Void> closed = new CompletableFuture<>();
        client.on("Tick", e -> {
            client.close();
            closed.complete(null);
        });
        client.send(Action.named("Trigger"));
        assertThat(closed).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void secretNeverAppearsInToString() throws Exception {
        connect((a, s) -> { });
        assertThat(client.config().toString()).doesNotContain(ScriptedServer.SECRET).contains("********");
        assertThat(client.toString()).doesNotContain(ScriptedServer.SECRET);
        Action login = Action.named("Login").header("Username", "admin").header("Secret", "hunter2");
        assertThat(login.toString()).doesNotContain("hunter2");
        assertThat(login.toPacket("1").toString()).doesNotContain("hunter2");
    }

    @Test
    void headerInjectionIsRefusedBeforeAnythingIsWritten() throws Exception {
        connect((a, s) -> { });
        server.takeAction(); // login
        assertThatThrownBy(() -> Action.named("Ping").header("Channel", "x\r\nAction: Originate"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("Ping\nX")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("Ping").header("Bad\rKey", "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AmiConfig.builder().username("admin").secret("s\r\nAction: Originate").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.actions.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
}
