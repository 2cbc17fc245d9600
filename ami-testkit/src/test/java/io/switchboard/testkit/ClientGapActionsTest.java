package io.switchboard.testkit;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.Response;
import io.switchboard.testkit.pbx.SimulatedPbx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The real client against FakeAsterisk's simulated PBX: AstDB, GetConfigJSON, Bridge and the IAX2 peer lists. */
class ClientGapActionsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private FakeAsterisk fake;
    private AmiClient client;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO)
                .callEngine(sink -> SimulatedPbx.builder().timeScale(0.02).build(sink)).start();
        client = AmiClient.connect(AmiConfig.builder().host(fake.host()).port(fake.port())
                .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET)
                .actionTimeout(Duration.ofSeconds(10)).build());
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void astDbRoundTrip() {
        Response put = client.send(Action.named("DBPut").header("Family", "blacklist").header("Key", "5551234")
                .header("Val", "spam"));
        assertThat(put.message()).isEqualTo("Updated database successfully");
        EventList get = client.sendList(Action.named("DBGet").header("Family", "blacklist").header("Key", "5551234"));
        assertThat(get.items()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("DBGetResponse");
            assertThat(e.get("Val")).isEqualTo("spam");
        });
        assertThat(get.announcedCount()).isEqualTo(1);
        EventList tree = client.sendList(Action.named("DBGetTree").header("Family", "blacklist"));
        assertThat(tree.items()).extracting(e -> e.get("Key")).containsExactly("/blacklist/5551234");
        assertThat(tree.complete().name()).isEqualTo("DBGetTreeComplete");
        assertThat(client.send(Action.named("DBDelTree").header("Family", "blacklist")).message())
                .isEqualTo("Key tree deleted successfully");
        assertThatThrownBy(() -> client.sendList(Action.named("DBGet").header("Family", "blacklist")
                .header("Key", "5551234"))).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("Database entry not found");
    }

    @Test
    void getConfigJson() {
        Response r = client.send(Action.named("GetConfigJSON").header("Filename", "queues.conf")
                .header("Category", "general"));
        assertThat(r.packet().get("JSON")).isEqualTo("{\"general\":{\"persistentmembers\":\"no\"}}");
        assertThatThrownBy(() -> client.send(Action.named("GetConfigJSON").header("Filename", "nope.conf")))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("Config file not found");
    }

    @Test
    void bridgeTwoChannels() throws Exception {
        SimulatedPbx pbx = (SimulatedPbx) fake.callEngine().orElseThrow();
        pbx.cliOriginate("Local/hold@test", "Wait", "600");
        pbx.cliOriginate("Local/hold@test", "Wait", "600");
        await().atMost(WAIT).until(() -> pbx.channels().stream()
                .filter(c -> c.name().endsWith(";2") && c.state().equals("Up")).count() == 2);
        var twos = pbx.channels().stream().filter(c -> c.name().endsWith(";2")).toList();
        CompletableFuture<Event> entered = new CompletableFuture<>();
        client.onAny(e -> {
            if (e.name().equals("BridgeEnter") && e.get("Channel").equals(twos.get(1).name())) {
                entered.complete(e);
            }
        });
        Response r = client.send(Action.named("Bridge").header("Channel1", twos.get(0).name())
                .header("Channel2", twos.get(1).name()));
        assertThat(r.message()).isEqualTo("Channels have been bridged");
        Event enter = entered.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(enter.get("BridgeNumChannels")).isEqualTo("2");
        assertThatThrownBy(() -> client.send(Action.named("Bridge").header("Channel1", "PJSIP/none")
                .header("Channel2", twos.get(1).name()))).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("Channel1 does not exist: PJSIP/none");
        pbx.hangupAll();
        await().atMost(WAIT).until(() -> pbx.channels().isEmpty());
    }

    @Test
    void iaxPeerLists() {
        EventList peers = client.sendList(Action.named("IAXpeers"));
        assertThat(peers.items()).extracting(e -> e.get("ObjectName")).containsExactly("trunk1", "trunk2");
        assertThat(peers.items()).extracting(e -> e.get("Status")).containsExactly("OK (1 ms)", "UNKNOWN");
        assertThat(peers.announcedCount()).isEqualTo(2);
        EventList list = client.sendList(Action.named("IAXpeerlist"));
        assertThat(list.items()).hasSize(2);
        assertThat(list.complete().name()).isEqualTo("PeerlistComplete");
    }
}
