package io.switchboard.testkit;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code AmiClient.onChannel} against FakeAsterisk: a simulated call's events, checked against a plain reading of
 * the documented rule applied to every event the client received, and pushed events on a two-connection client.
 */
class OnChannelTest {
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

    private AmiConfig.Builder config() {
        return AmiConfig.builder().port(fake.port()).username(FakeAsterisk.DEFAULT_USERNAME)
                .secret(FakeAsterisk.DEFAULT_SECRET);
    }

    /** The rule as the Javadoc states it, written independently of the index: the test's oracle. */
    private static boolean names(Event e, String argument) {
        String a = argument.toLowerCase(Locale.ROOT);
        for (int i = 1; i < e.packet().size(); i++) {
            String key = e.packet().key(i).toLowerCase(Locale.ROOT);
            String v = e.packet().value(i).toLowerCase(Locale.ROOT);
            if (!key.endsWith("channel") || v.isEmpty()) {
                continue;
            }
            String endpoint = v.replaceFirst("^(.+)-[^-]*?(;[12])?$", "$1");
            if (v.equals(a) || (!endpoint.equals(v) && endpoint.equals(a))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void followsBothHalvesOfASimulatedLocalCallExactlyAsTheRuleSays() {
        List<Event> everything = new CopyOnWriteArrayList<>();
        List<Event> followed = new CopyOnWriteArrayList<>();
        client = AmiClient.connect(config().build(), c -> {
            c.onAny(everything::add);
            c.onChannel("local/HOLD@test", followed::add);
        });
        client.send(Action.named("Originate").header("Channel", "Local/hold@test").header("Application", "Wait")
                .header("Data", "600").header("Async", "true"));
        await().atMost(WAIT).until(() -> followed.stream().filter(e -> e.is("Newchannel")).count() == 2);
        String one = followed.stream().filter(e -> e.is("Newchannel")).findFirst().orElseThrow().get("Channel");
        assertThat(one).matches("Local/hold@test-[0-9a-f]+;1");
        client.send(Action.named("Hangup").header("Channel", one));
        await().atMost(WAIT).until(() -> followed.stream().filter(e -> e.is("Hangup")).count() == 2);

        long last = followed.get(followed.size() - 1).sequence();
        await().atMost(WAIT).until(() -> everything.stream().anyMatch(e -> e.sequence() >= last));
        List<Event> expected = everything.stream().filter(e -> e.sequence() <= last)
                .filter(e -> names(e, "Local/hold@test")).toList();
        assertThat(followed.stream().filter(e -> e.sequence() <= last).toList()).isEqualTo(expected);
        assertThat(expected).extracting(Event::name).contains("Newchannel", "DialBegin", "Hangup");
        assertThat(everything).as("the call made other events too").hasSizeGreaterThan(expected.size());
    }

    @Test
    void twoConnectionClientDeliversPushedEventsOnceEach() {
        List<String> alice = new CopyOnWriteArrayList<>();
        client = AmiClient.connect(config().separateEventConnection(true).build());
        client.onChannel("PJSIP/alice", e -> alice.add(e.name()));
        fake.pushEvent(Packet.of("Event", "DialBegin", "Privilege", "call,all", "Channel", "PJSIP/alice-00000001",
                "DestChannel", "PJSIP/alice-00000002"));
        fake.pushEvent(Packet.of("Event", "Newchannel", "Privilege", "call,all", "Channel", "PJSIP/bob-00000003"));
        fake.pushEvent(Packet.of("Event", "BlindTransfer", "Privilege", "call,all",
                "TransfererChannel", "PJSIP/bob-00000003", "TransfereeChannel", "PJSIP/alice-00000002"));
        fake.pushEvent(Packet.of("Event", "Hangup", "Privilege", "call,all", "Channel", "PJSIP/alice-bob-00000004"));
        fake.pushEvent(Packet.of("Event", "Hangup", "Privilege", "call,all", "Channel", "PJSIP/alice-00000001"));
        await().atMost(WAIT).until(() -> alice.contains("Hangup"));
        assertThat(alice).containsExactly("DialBegin", "BlindTransfer", "Hangup");
    }
}
