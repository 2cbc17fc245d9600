package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Event lists that do not end well: the completion event never comes, comes in another letter case, or the
 * connection drops in the middle. The caller must learn what happened (how far the list got), and the client
 * must stay usable.
 */
class ListFaultTest {
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

    /** Answers CoreShowChannels with the list start, {@code items} items and then, if given, this completion. */
    private void serve(int items, String completeHeader, String completeValue) throws IOException {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> {
            String id = a.actionId();
            if (!a.get("Action").startsWith("CoreShowChannels")) {
                s.send(withId(id, "Response", "Success"));
                return;
            }
            s.send(withId(id, "Response", "Success", "EventList", "start", "Message", "Channels will follow"));
            for (int i = 1; i <= items; i++) {
                s.send(withId(id, "Event", "CoreShowChannel", "Channel", "PJSIP/alice-0000000" + i));
            }
            if (completeHeader != null) {
                s.send(withId(id, "Event", "CoreShowChannelsComplete", completeHeader, completeValue,
                        "ListItems", String.valueOf(items)));
            }
        }));
    }

    @Test
    void aListWhoseCompletionNeverComesTimesOutSayingHowFarItGot() throws Exception {
        serve(2, null, null);
        client = AmiClient.connect(server.config().build());
        assertThatThrownBy(() -> client.sendList(Action.named("CoreShowChannels").timeout(Duration.ofMillis(300))))
                .isInstanceOf(AmiTimeoutException.class)
                .hasMessageContaining("CoreShowChannels")
                .hasMessageContaining("2 items")
                .hasMessageContaining("no end of list");
        assertThat(client.send(Action.named("Ping")).isSuccess()).as("still usable").isTrue();
    }

    @Test
    void anAnswerThatNeverComesIsStillSaidToBeMissing() throws Exception {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> { }));
        client = AmiClient.connect(server.config().build());
        assertThatThrownBy(() -> client.sendList(Action.named("CoreShowChannels").timeout(Duration.ofMillis(300))))
                .isInstanceOf(AmiTimeoutException.class).hasMessageContaining("got no answer");
    }

    @Test
    void theCompletionIsRecognisedInAnyLetterCase() throws Exception {
        serve(3, "eventlist", "COMPLETE");
        client = AmiClient.connect(server.config().build());
        EventList list = client.sendList(Action.named("CoreShowChannels"));
        assertThat(list.items()).hasSize(3);
        assertThat(list.complete().name()).isEqualTo("CoreShowChannelsComplete");
        assertThat(list.announcedCount()).isEqualTo(3);
    }

    @Test
    void aDropInTheMiddleOfAnUnsafeListSaysSoAndHowFarItGot() throws Exception {
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> {
            String id = a.actionId();
            s.send(withId(id, "Response", "Success", "EventList", "start", "Message", "Channels will follow"));
            s.send(withId(id, "Event", "CoreShowChannel", "Channel", "PJSIP/alice-00000001"));
            s.sendRaw("Event: CoreShowChannel\r\nActionID: " + id + "\r\nChann"); // cut mid-item
            s.close();
        }));
        client = AmiClient.connect(server.config().reconnect(false).build());
        Action unsafe = Action.named("CoreShowChannels").resendable(false);
        assertThatThrownBy(() -> client.sendList(unsafe))
                .isInstanceOfSatisfying(ConnectionLostException.class, e -> assertThat(e.outcome())
                        .isEqualTo(ConnectionLostException.Outcome.UNKNOWN))
                .hasMessageContaining("in the middle of its list after 1 item")
                .hasMessageContaining("middle of a packet");
    }

    @Test
    void aSafeListCutByADropIsResentAndComesBackWhole() throws Exception {
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        server = new ScriptedServer(ScriptedServer.standard((a, s) -> {
            String id = a.actionId();
            s.send(withId(id, "Response", "Success", "EventList", "start", "Message", "Channels will follow"));
            s.send(withId(id, "Event", "CoreShowChannel", "Channel", "PJSIP/alice-00000001"));
            if (events.stream().noneMatch(e -> e.type() == ConnectionEvent.Type.RESTORED)) {
                s.close(); // the first session dies inside the list
                return;
            }
            s.send(withId(id, "Event", "CoreShowChannel", "Channel", "PJSIP/bob-00000002"));
            s.send(withId(id, "Event", "CoreShowChannelsComplete", "EventList", "Complete", "ListItems", "2"));
        }));
        client = AmiClient.connect(server.config().backoff(Backoff.fixed(Duration.ofMillis(10)))
                .connectionListener(events::add).build());
        CompletableFuture<EventList> list = client.sendListAsync(Action.named("CoreShowChannels"));
        assertThat(list).succeedsWithin(WAIT).satisfies(l -> assertThat(l.items())
                .extracting(e -> e.get("Channel")).containsExactly("PJSIP/alice-00000001", "PJSIP/bob-00000002"));
        await().atMost(WAIT).until(() -> server.actions.stream()
                .filter(p -> "CoreShowChannels".equals(p.get("Action"))).count() == 2);
        assertThat(server.actions.stream().filter(p -> "CoreShowChannels".equals(p.get("Action"))).count())
                .as("resent exactly once").isEqualTo(2);
    }
}
