package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.switchboard.ami.HttpScriptedServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events over HTTP: many {@code WaitEvent} polls, each returning a few events, deliver every event once and in
 * order, also when the server forgets the session halfway and the client logs in again.
 */
class HttpEventPollTest {
    private static final int EVENTS = 300;

    private HttpScriptedServer server;
    private AmiClient client;
    private final List<ConnectionEvent> connection = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Events wait in one queue; each WaitEvent hands out the next 1 to 7 of them (a WaitEvent with none waits for
     * one, as Asterisk does). The poll numbered {@code forgetAtPoll} is answered by a fresh session instead: the
     * server forgot the client's, and the events stay queued for the next session.
     */
    private void start(int forgetAtPoll) throws Exception {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
        IntStream.rangeClosed(1, EVENTS).forEach(i -> queue.add("Event: Numbered\r\nPrivilege: user,all\r\nN: " + i
                + "\r\n\r\n"));
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger sessions = new AtomicInteger();
        Object signal = new Object();
        server = new HttpScriptedServer(null).script(r -> {
            String current = String.format("%08x", sessions.get());
            switch (r.action().toLowerCase(Locale.ROOT)) {
                case "login":
                    return Reply.ok(String.format("%08x", sessions.incrementAndGet()),
                            HttpScriptedServer.success(r, "Authentication accepted"));
                case "waitevent":
                    if (polls.incrementAndGet() == forgetAtPoll) {
                        return Reply.ok("0000dead", "Response: Error\r\n" + r.idLine()
                                + "Message: Permission denied\r\n\r\n");
                    }
                    StringBuilder sb = new StringBuilder(HttpScriptedServer.success(r,
                            "Waiting for Event completed."));
                    int n = 1 + polls.get() % 7;
                    synchronized (signal) {
                        for (int i = 0; i < n && !queue.isEmpty(); i++) {
                            sb.append(queue.poll());
                        }
                        if (sb.indexOf("Event: Numbered") < 0) {
                            signal.wait(TimeUnit.SECONDS.toMillis(2));  // nothing left: a quiet long poll
                        }
                    }
                    return Reply.ok(current, sb.append("Event: WaitEventComplete\r\n").append(r.idLine())
                            .append("\r\n").toString());
                case "logoff":
                    return Reply.ok(current, "Response: Goodbye\r\n" + r.idLine() + "\r\n");
                default:
                    return Reply.ok(current, HttpScriptedServer.success(r, "ok"));
            }
        });
    }

    private List<Integer> collect(List<Event> seen) {
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= EVENTS);
        List<Integer> numbers = new ArrayList<>();
        for (Event e : seen) {
            numbers.add(Integer.parseInt(e.get("N")));
        }
        return numbers;
    }

    @Test
    void everyEventOnceAndInOrderAcrossManyPolls() throws Exception {
        start(-1);
        List<Event> seen = new CopyOnWriteArrayList<>();
        client = AmiClient.connect(server.config().build(), c -> c.on("Numbered", seen::add));
        assertThat(collect(seen)).containsExactlyElementsOf(IntStream.rangeClosed(1, EVENTS).boxed().toList());
        assertThat(seen).extracting(Event::sequence).isSorted();
    }

    @Test
    void everyEventOnceAndInOrderAcrossALoginAgain() throws Exception {
        start(12);
        List<Event> seen = new CopyOnWriteArrayList<>();
        client = AmiClient.connect(server.config().reconnect(true).backoff(Backoff.fixed(Duration.ofMillis(10)))
                .connectionListener(connection::add).build(), c -> c.on("Numbered", seen::add));
        assertThat(collect(seen)).containsExactlyElementsOf(IntStream.rangeClosed(1, EVENTS).boxed().toList());
        assertThat(connection).extracting(ConnectionEvent::type).contains(ConnectionEvent.Type.LOST,
                ConnectionEvent.Type.RESTORED);
        assertThat(server.requests).filteredOn(r -> r.action().equals("Login")).hasSize(2);
    }
}
