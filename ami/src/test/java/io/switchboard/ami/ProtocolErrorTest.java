package io.switchboard.ami;

import io.switchboard.ami.codec.DecoderLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that sends garbage in the middle of a healthy stream (here a line past the decoder's limit, right after
 * some events and while two actions wait for their answers): the loss must be a typed {@link ProtocolException}
 * with a log line, the client must reconnect, and nothing it had already accepted may be lost. The safe action is
 * resent exactly once, the unsafe one fails as {@code UNKNOWN}.
 */
class ProtocolErrorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    @Test
    void garbageMidStreamIsAProtocolErrorThatLosesNothingAlreadyAccepted() throws Exception {
        AtomicInteger getvars = new AtomicInteger();
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> {
            String id = a.actionId();
            switch (a.get("Action")) {
                case "Originate" -> { } // answered never: the garbage comes first
                case "Getvar" -> {
                    if (getvars.incrementAndGet() == 1) {
                        for (int i = 1; i <= 3; i++) {
                            s.send(Packet.of("Event", "UserEvent", "UserEvent", "before-" + i));
                        }
                        s.sendRaw("Event: UserEvent\r\nJunk: " + "\u00ff".repeat(700) + "\r\n\r\n"); // 1,400 bytes
                        s.send(Packet.of("Event", "UserEvent", "UserEvent", "after-garbage")); // never read
                    } else {
                        s.send(withId(id, "Response", "Success", "Variable", "X", "Value", "42"));
                    }
                }
                default -> s.send(withId(id, "Response", "Success"));
            }
        }));
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        CountDownLatch slow = new CountDownLatch(1);
        try (LogCapture log = new LogCapture()) {
            client = AmiClient.connect(server.config().decoderLimits(new DecoderLimits(1024, 100, 8192))
                    .backoff(Backoff.fixed(Duration.ofMillis(10))).connectionListener(events::add).build());
            client.on("UserEvent", e -> {
                try {
                    slow.await(); // still busy with the first event when the connection dies
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
                delivered.add(e.get("UserEvent"));
            });
            CompletableFuture<Response> originate = client.sendAsync(Action.named("Originate")
                    .header("Channel", "Local/100@default").header("Application", "Wait").header("Data", "1"));
            await().atMost(WAIT).until(() -> server.actions.stream().anyMatch(p -> "Originate".equals(p.get("Action"))));
            CompletableFuture<Response> getvar = client.sendAsync(Action.named("Getvar").header("Variable", "X"));

            assertThat(originate).failsWithin(WAIT).withThrowableThat().havingCause()
                    .isInstanceOfSatisfying(ConnectionLostException.class, e -> {
                        assertThat(e.outcome()).isEqualTo(ConnectionLostException.Outcome.UNKNOWN);
                        assertThat(e).hasCauseInstanceOf(ProtocolException.class);
                    });
            assertThat(getvar).succeedsWithin(WAIT).satisfies(r -> assertThat(r.get("Value")).isEqualTo("42"));
            assertThat(getvars.get()).as("the safe action was resent exactly once").isEqualTo(2);
            assertThat(server.actions.stream().filter(p -> "Originate".equals(p.get("Action"))).count())
                    .as("the unsafe action was never resent").isEqualTo(1);

            ConnectionEvent lost = events.stream().filter(e -> e.type() == ConnectionEvent.Type.LOST).findFirst()
                    .orElseThrow();
            assertThat(lost.cause()).isInstanceOf(ProtocolException.class);
            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type() == ConnectionEvent.Type.RESTORED));
            slow.countDown();
            await().atMost(WAIT).until(() -> delivered.size() == 3);
            assertThat(delivered).containsExactly("before-1", "before-2", "before-3");
            assertThat(log.text()).contains("Protocol error from 127.0.0.1:" + server.port());
        }
    }
}
