package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection listeners that call the client, as {@link ConnectionListener} allows: a blocking send from
 * {@code RESTORED} (resyncing a cache) goes out before the actions held during the gap; an asynchronous send from
 * {@code LOST} waits for the connection; a blocking send from {@code LOST}, which the documentation advises
 * against, ends at its deadline as not sent and the client still recovers.
 */
class ConnectionListenerCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private ScriptedServer server;
    private AmiClient client;
    private final ScriptedServer.Flags flags = new ScriptedServer.Flags();
    private final List<ConnectionEvent.Type> types = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void connect(ConnectionListener listener) throws IOException {
        server = new ScriptedServer(ScriptedServer.standard(
                (a, s) -> s.send(withId(a.actionId(), "Response", "Success", "Value", a.get("Action"))), flags));
        client = AmiClient.connect(server.config().backoff(Backoff.fixed(Duration.ofMillis(10)))
                .connectionListener(e -> types.add(e.type())).build());
        client.addConnectionListener(listener);
    }

    private List<String> actionsSent() {
        return server.actions.stream().map(p -> p.get("Action")).toList();
    }

    @Test
    void aBlockingSendFromRestoredGoesOutBeforeTheActionsHeldDuringTheGap() throws Exception {
        CompletableFuture<Response> resync = new CompletableFuture<>();
        connect(e -> {
            if (e.type() == ConnectionEvent.Type.RESTORED) {
                resync.complete(client.send(Action.named("CoreStatus")));
            }
        });
        flags.refuseLogins = true;
        server.sessions.get(0).close();
        await().atMost(WAIT).until(() -> types.contains(ConnectionEvent.Type.LOGIN_FAILED));
        CompletableFuture<Response> held = client.sendAsync(Action.named("Setvar").header("Variable", "X"));
        flags.refuseLogins = false;
        assertThat(resync).succeedsWithin(WAIT).satisfies(r -> assertThat(r.get("Value")).isEqualTo("CoreStatus"));
        assertThat(held).succeedsWithin(WAIT);
        List<String> sent = actionsSent();
        assertThat(sent.lastIndexOf("CoreStatus")).isLessThan(sent.lastIndexOf("Setvar"));
    }

    @Test
    void anAsyncSendFromLostWaitsForTheConnection() throws Exception {
        CompletableFuture<CompletableFuture<Response>> fromListener = new CompletableFuture<>();
        connect(e -> {
            if (e.type() == ConnectionEvent.Type.LOST) {
                fromListener.complete(client.sendAsync(Action.named("Getvar").header("Variable", "X")));
            }
        });
        server.sessions.get(0).close();
        assertThat(fromListener).succeedsWithin(WAIT);
        assertThat(fromListener.join()).succeedsWithin(WAIT)
                .satisfies(r -> assertThat(r.get("Value")).isEqualTo("Getvar"));
        assertThat(types).contains(ConnectionEvent.Type.RESTORED);
    }

    @Test
    void aBlockingSendFromLostEndsAtItsDeadlineAndTheClientStillRecovers() throws Exception {
        CompletableFuture<Throwable> fromListener = new CompletableFuture<>();
        connect(e -> {
            if (e.type() == ConnectionEvent.Type.LOST) {
                try {
                    client.send(Action.named("Getvar").header("Variable", "X").timeout(Duration.ofMillis(300)));
                    fromListener.complete(null);
                } catch (AmiException x) {
                    fromListener.complete(x);
                }
            }
        });
        server.sessions.get(0).close();
        assertThat(fromListener).succeedsWithin(WAIT).isInstanceOfSatisfying(ConnectionLostException.class,
                x -> assertThat(x.outcome()).isEqualTo(ConnectionLostException.Outcome.NOT_SENT));
        await().atMost(WAIT).until(() -> client.state() == ConnectionState.READY);
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();
    }
}
