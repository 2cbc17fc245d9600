package io.switchboard.testkit.faults;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionState;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.Packet;
import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Actions on a connection with {@code Events: off}, events on a second one. */
class TwoConnectionModeTest {
    private final FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).start();
    private AmiClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        fake.close();
    }

    private AmiClient connect(List<Event> events, List<ConnectionEvent> lifecycle) {
        AmiConfig config = AmiConfig.builder().port(fake.port()).username("admin").secret("amp111")
                .separateEventConnection(true).actionIdPrefix("crm").connectionListener(lifecycle::add).build();
        client = AmiClient.connect(config, c -> c.onAny(events::add));
        return client;
    }

    @Test
    void actionsAndEventsTravelOnTheirOwnConnections() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        connect(events, new CopyOnWriteArrayList<>());
        assertThat(fake.sessionCount()).isEqualTo(2);
        List<Packet> logins = new ArrayList<>();
        Packet p;
        while ((p = fake.takeAction(Duration.ofMillis(200))) != null) {
            if ("Login".equals(p.get("Action"))) {
                logins.add(p);
            }
        }
        assertThat(logins).extracting(l -> l.get("Events")).containsExactlyInAnyOrder(null, "off");
        assertThat(events).extracting(Event::name).contains("FullyBooted");

        Event originated = client.sendAndAwaitEvent(Action.named("Originate").header("Channel", "Local/hold@test")
                        .header("Application", "Wait").header("Data", "600").header("Async", "true"),
                "OriginateResponse").get(20, TimeUnit.SECONDS);
        assertThat(originated.get("Response")).isEqualTo("Success");
        assertThat(originated.actionId()).startsWith("crmw-");

        EventList channels = client.sendList(Action.named("CoreShowChannels"));
        assertThat(channels.items()).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.is("Newchannel")));
        assertThat(events).noneMatch(e -> e.is("CoreShowChannel")); // list items stay with their action
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
    }

    @Test
    void bothConnectionsRecoverFromARestart() {
        List<ConnectionEvent> lifecycle = new CopyOnWriteArrayList<>();
        connect(new CopyOnWriteArrayList<>(), lifecycle);
        fake.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycle.stream()
                .filter(e -> e.type() == ConnectionEvent.Type.RESTORED).count() == 2);
        assertThat(client.send(Action.named("Ping")).get("Ping")).isEqualTo("Pong");
    }
}
