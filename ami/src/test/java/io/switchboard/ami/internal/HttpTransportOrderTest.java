package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.HttpScriptedServer;
import io.switchboard.ami.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.switchboard.ami.HttpScriptedServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP transport on its own: packet order on the single delivery thread, and its end reported once. */
class HttpTransportOrderTest {
    private HttpScriptedServer server;
    private HttpTransport transport;
    private final BlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    private final List<Thread> deliveryThreads = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    private final List<Throwable> closes = new CopyOnWriteArrayList<>();

    private final Transport.Listener listener = new Transport.Listener() {
        @Override
        public void onPacket(Packet packet) {
            deliveryThreads.add(Thread.currentThread());
            packets.add(packet);
        }

        @Override
        public void onClosed(Transport t, Throwable cause) {
            closes.add(cause == null ? new NullPointerException("no cause") : cause);
            closed.complete(cause);
        }
    };

    @AfterEach
    void tearDown() {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private PendingAction write(Action action, String id) {
        PendingAction p = new PendingAction(action, id, null, false, java.time.Duration.ofSeconds(30));
        transport.write(p);
        return p;
    }

    private long polls() {
        return server.requests.stream().filter(r -> r.action().equals("WaitEvent")).count();
    }

    private Packet next() throws InterruptedException {
        Packet p = packets.poll(10, TimeUnit.SECONDS);
        assertThat(p).as("a packet within 10 s").isNotNull();
        return p;
    }

    @Test
    void eventsPolledWhileAnActionRunsFollowItsReply() throws Exception {
        CountDownLatch slowArrived = new CountDownLatch(1);
        CountDownLatch eventSent = new CountDownLatch(1);
        server = new HttpScriptedServer(null).standard(r -> {
            if (r.action().equals("Slow")) {
                slowArrived.countDown();
                assertThat(eventSent.await(10, TimeUnit.SECONDS)).isTrue();
                return Reply.ok(null, HttpScriptedServer.success(r, "slow done"));
            }
            return Reply.ok(null, HttpScriptedServer.success(r, "ok"));
        });
        transport = new HttpTransport(server.config().build(), listener);
        transport.open();
        assertThat(transport.banner().get(1, TimeUnit.SECONDS)).isEmpty();
        write(Action.named("Login").header("Username", "admin").header("Secret", HttpScriptedServer.SECRET), "l");
        assertThat(next().get("Message")).isEqualTo("Authentication accepted");

        write(Action.named("Slow"), "s");
        assertThat(slowArrived.await(10, TimeUnit.SECONDS)).isTrue();
        server.events.add("Event: CausedBySlow\r\nPrivilege: call,all\r\n\r\n");
        // A poll took the event while Slow still runs; once a later poll arrives, the client has that reply.
        await().atMost(Duration.ofSeconds(10)).until(server.events::isEmpty);
        long polls = polls();
        await().atMost(Duration.ofSeconds(10)).until(() -> polls() > polls);
        eventSent.countDown();

        Packet first = next();
        Packet second = next();
        assertThat(first.actionId()).isEqualTo("s");
        assertThat(second.name()).isEqualTo("CausedBySlow");
        assertThat(deliveryThreads).hasSizeGreaterThanOrEqualTo(3).allMatch(t -> t == deliveryThreads.get(0));
    }

    @Test
    void goodbyeEndsTheSessionOnceAfterItsPacket() throws Exception {
        server = new HttpScriptedServer(null).standard(r -> Reply.ok(null, HttpScriptedServer.success(r, "ok")));
        transport = new HttpTransport(server.config().build(), listener);
        transport.open();
        write(Action.named("Login").header("Username", "admin").header("Secret", HttpScriptedServer.SECRET), "l");
        next();
        transport.expectClose();
        write(Action.named("Logoff"), "bye");
        assertThat(next().get("Response")).isEqualTo("Goodbye");
        assertThat(closed.get(10, TimeUnit.SECONDS)).isNull();  // expected: no loss
        assertThat(transport.isOpen()).isFalse();
        transport.close();
        transport.awaitStopped(5000);
        assertThat(closes).hasSize(1);
        assertThat(packets).isEmpty();
    }

    @Test
    void anActionThatCouldNotConnectIsReportedUnwritten() throws Exception {
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            free = s.getLocalPort();
        }
        server = new HttpScriptedServer(null);
        transport = new HttpTransport(server.config().port(free).build(), listener);
        transport.open();
        PendingAction ping = write(Action.named("Ping"), "p");
        Throwable cause = closed.get(10, TimeUnit.SECONDS);
        assertThat(cause).hasMessageContaining("HTTP request to http://127.0.0.1:" + free + "/rawman failed");
        assertThat(ping.written).isFalse();
        assertThat(transport.drainUnwritten()).containsExactly(ping);
    }

    @Test
    void eventsHeldBehindASlowActionAreBoundedToo() throws Exception {
        java.util.concurrent.atomic.AtomicLong handedOut = new java.util.concurrent.atomic.AtomicLong();
        CountDownLatch slowArrived = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        String event = "Event: Flood\r\nPrivilege: call,all\r\n\r\n";
        server = new HttpScriptedServer(null).standard(r -> {
            if (r.action().equals("Slow")) {
                slowArrived.countDown();
                release.get(30, TimeUnit.SECONDS);
            }
            return Reply.ok(null, HttpScriptedServer.success(r, "ok"));
        });
        // A flood: every WaitEvent brings 1,000 events for as long as the client keeps asking.
        HttpScriptedServer.Script standard = server.script();
        server.script(r -> {
            if (r.action().equals("WaitEvent")) {
                handedOut.addAndGet(1000);
                return Reply.ok(null, HttpScriptedServer.success(r, "Waiting for Event completed.")
                        + event.repeat(1000) + "Event: WaitEventComplete\r\n" + r.idLine() + "\r\n");
            }
            return standard.answer(r);
        });
        transport = new HttpTransport(server.config().build(), listener);
        transport.open();
        write(Action.named("Login").header("Username", "admin").header("Secret", HttpScriptedServer.SECRET), "l");
        write(Action.named("Slow"), "s");
        assertThat(slowArrived.await(10, TimeUnit.SECONDS)).isTrue();
        // While Slow runs, polled events are held for after its reply; the poller must stop at the same bound
        // as for events waiting for the listener, not hold a flood without end.
        await().atMost(Duration.ofSeconds(30)).until(() -> handedOut.get() >= 10_000 && pollerWaits());
        long held = handedOut.get();
        assertThat(held).isLessThanOrEqualTo(11_000);
        release.complete(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> packets.stream().anyMatch(p -> "s".equals(p.actionId())));
    }

    /** Whether the transport's poller is waiting on its lock (not in a request). */
    private static boolean pollerWaits() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("switchboard-http-poll-"))
                .anyMatch(e -> e.getValue().length > 0 && e.getValue()[0].getMethodName().equals("wait")
                        && java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("pollLoop")));
    }
}
