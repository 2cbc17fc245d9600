package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The metrics hooks see action latency, errors, timeouts, losses, resends, events and connection steps. */
class MetricsTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AmiMetrics metrics = new AmiMetrics() {
        @Override
        public void actionCompleted(String action, Duration latency, boolean success) {
            assertThat(latency).isPositive();
            seen.add("completed " + action + " " + success);
        }

        @Override
        public void actionTimedOut(String action) {
            seen.add("timeout " + action);
        }

        @Override
        public void actionLost(String action, ConnectionLostException.Outcome outcome) {
            seen.add("lost " + action + " " + outcome);
        }

        @Override
        public void actionResent(String action) {
            seen.add("resent " + action);
        }

        @Override
        public void eventReceived(String eventName) {
            seen.add("event " + eventName);
        }

        @Override
        public void connectionEvent(ConnectionEvent event) {
            seen.add("connection " + event.type());
        }
    };
    private ScriptedServer server;
    private AmiClient client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @Test
    void hooksSeeWhatHappens() throws Exception {
        int[] statusCalls = {0};
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> {
            switch (a.get("Action")) {
                case "Good" -> {
                    s.send(Packet.of("Event", "Newchannel", "Channel", "X"));
                    s.send(withId(a.actionId(), "Response", "Success"));
                }
                case "Bad" -> s.send(withId(a.actionId(), "Response", "Error", "Message", "nope"));
                case "Status" -> {
                    if (statusCalls[0]++ == 0) {
                        s.close();
                    } else {
                        s.send(withId(a.actionId(), "Response", "Success"));
                    }
                }
                default -> { }
            }
        }));
        client = AmiClient.connect(server.config().metrics(metrics).backoff(Backoff.fixed(Duration.ofMillis(10)))
                .build());
        client.send(Action.named("Good"));
        assertThatThrownBy(() -> client.send(Action.named("Bad"))).isInstanceOf(ActionFailedException.class);
        assertThatThrownBy(() -> client.send(Action.named("Silent").timeout(Duration.ofMillis(100))))
                .isInstanceOf(AmiTimeoutException.class);
        client.send(Action.named("Status"));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("completed Status true"));
        assertThat(seen).contains("connection CONNECTED", "event Newchannel", "completed Good true",
                "completed Bad false", "timeout Silent", "connection LOST", "resent Status",
                "connection RESTORED");
    }
}
