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
}
