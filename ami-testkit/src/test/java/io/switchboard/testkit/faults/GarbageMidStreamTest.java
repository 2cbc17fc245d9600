package io.switchboard.testkit.faults;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Backoff;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionState;
import io.switchboard.ami.Packet;
import io.switchboard.ami.ProtocolException;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FakeAsterisk injects a packet past the client's decoder limit between healthy events, while a slow listener
 * is still working through those events: the client drops the connection with a {@link ProtocolException},
 * reconnects, and every event it had read before the garbage still reaches the slow listener, in order.
 */
class GarbageMidStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).start();
    private AmiClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        fake.close();
    }

    @Test
    void eventsReadBeforeTheGarbageSurviveTheProtocolErrorAndTheReconnect() {
        List<ConnectionEvent> lifecycle = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> slowlySeen = new CopyOnWriteArrayList<>();
        CountDownLatch busy = new CountDownLatch(1);
        client = AmiClient.connect(AmiConfig.builder().host(fake.host()).port(fake.port()).username("admin")
                .secret("amp111").decoderLimits(new DecoderLimits(1024, 100, 8192))
                .backoff(Backoff.fixed(Duration.ofMillis(20))).connectionListener(lifecycle::add).build());
        client.on("UserEvent", e -> seen.add(e.get("UserEvent")));
        client.on("UserEvent", e -> {
            try {
                busy.await();
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
            slowlySeen.add(e.get("UserEvent"));
        });
        client.send(Action.named("Ping")); // the login-time events are out of the way
        List<String> names = IntStream.rangeClosed(1, 5).mapToObj(i -> "before-" + i).toList();
        for (String name : names) {
            fake.pushEvent(Packet.of("Event", "UserEvent", "Privilege", "user,all", "UserEvent", name));
        }
        await().atMost(WAIT).until(() -> seen.size() == names.size());

        fake.faults().inject("Event: UserEvent\r\nUserEvent: " + "x".repeat(2000) + "\r\n\r\n");

        await().atMost(WAIT).until(() -> lifecycle.stream().anyMatch(e -> e.type() == ConnectionEvent.Type.RESTORED));
        ConnectionEvent lost = lifecycle.stream().filter(e -> e.type() == ConnectionEvent.Type.LOST).findFirst()
                .orElseThrow();
        assertThat(lost.cause()).isInstanceOf(ProtocolException.class).hasMessageContaining("1024");
        busy.countDown();
        await().atMost(WAIT).until(() -> slowlySeen.size() == names.size());
        assertThat(slowlySeen).containsExactlyElementsOf(names);
        assertThat(seen).containsExactlyElementsOf(names); // the oversized one was never delivered
        assertThat(client.send(Action.named("Ping")).get("Ping")).isEqualTo("Pong");
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
    }
}
