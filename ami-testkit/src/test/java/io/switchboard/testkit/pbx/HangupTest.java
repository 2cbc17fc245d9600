package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HangupTest {
    private static void holdCalls(Harness h, int n) {
        for (int i = 0; i < n; i++) {
            h.pbx.cliOriginate("Local/hold@test", "Wait", "600");
        }
        await().atMost(Harness.WAIT).pollInterval(Duration.ofMillis(5)).until(() ->
                h.pbx.channels().stream().filter(c -> c.application().equals("Wait")).count() == 2L * n);
    }

    @Test
    void regexHangupIsAListOfChannelHungupItems() {
        try (Harness h = new Harness()) {
            holdCalls(h, 2);
            h.pbx.cliOriginate("Local/echo@test", "Wait", "600");
            await().atMost(Harness.WAIT).until(() -> h.pbx.channels().size() == 6);
            List<Packet> reply = h.send("Action", "Hangup", "ActionID", "rx", "Channel", "/^Local/hold@/");
            assertThat(reply.get(0).get("EventList")).isEqualTo("start");
            assertThat(reply.get(0).get("Message")).isEqualTo("Channels hung up will follow");
            List<Packet> items = reply.subList(1, reply.size() - 1);
            assertThat(items).hasSize(4).allSatisfy(p -> {
                assertThat(p.name()).isEqualTo("ChannelHungup");
                assertThat(p.key(1)).isEqualTo("Channel");
                assertThat(p.key(2)).isEqualTo("ActionID");
            });
            Packet complete = reply.get(reply.size() - 1);
            assertThat(complete.name()).isEqualTo("ChannelsHungupListComplete");
            assertThat(complete.get("ListItems")).isEqualTo("4");
            await().atMost(Harness.WAIT).until(() -> h.pbx.channels().size() == 2);
            assertThat(h.pbx.channels()).allSatisfy(c -> assertThat(c.name()).startsWith("Local/echo@test"));
        }
    }

    @Test
    void regexErrorsAndNoMatch() {
        try (Harness h = new Harness()) {
            List<Packet> none = h.send("Action", "Hangup", "Channel", "/nothing/");
            assertThat(none).hasSize(2);
            assertThat(none.get(1).get("ListItems")).isEqualTo("0");
            assertThat(h.sendOne("Action", "Hangup", "Channel", "/(/").get("Message")).startsWith("Error compiling");
            assertThat(h.sendOne("Action", "Hangup", "Channel", "/open").get("Message"))
                    .isEqualTo("Regex format invalid, Channel param should be /regex/");
            assertThat(h.sendOne("Action", "Hangup").get("Message")).isEqualTo("No channel specified");
            assertThat(h.sendOne("Action", "Hangup", "Channel", "Local/nosuch@test-ffffffff;1").get("Message"))
                    .isEqualTo("No such channel");
        }
    }

    @Test
    void hangupByNameCarriesTheCauseToBothHalves() {
        try (Harness h = new Harness()) {
            holdCalls(h, 1);
            String one = h.pbx.channels().get(0).name();
            Packet r = h.sendOne("Action", "Hangup", "Channel", one, "Cause", "17");
            assertThat(r.get("Message")).isEqualTo("Channel Hungup");
            h.awaitNoChannels();
            List<Packet> hangups = h.seen.stream().filter(p -> p.name().equals("Hangup")).toList();
            assertThat(hangups).extracting(p -> p.get("Cause")).containsExactly("17", "17");
            assertThat(hangups).extracting(p -> p.get("Cause-txt")).containsOnly("User busy");
            assertThat(Harness.names(h.seen)).containsSubsequence("HangupRequest", "Hangup", "Cdr",
                    "SoftHangupRequest", "Hangup", "Cdr", "DeviceStateChange", "DeviceStateChange");
        }
    }

    @Test
    void helperHangupAndCliHangupAll() {
        try (Harness h = new Harness()) {
            holdCalls(h, 2);
            assertThat(h.pbx.hangup(h.pbx.channels().get(1).name(), 16)).isTrue();
            assertThat(h.pbx.hangup("Local/none@test-00000000;1", 16)).isFalse();
            await().atMost(Harness.WAIT).until(() -> h.pbx.channels().size() == 2);
            h.pbx.hangupAll();
            h.awaitNoChannels();
            assertThat(h.seen).filteredOn(p -> p.name().equals("SoftHangupRequest")
                    && "32".equals(p.get("Cause"))).hasSize(2);
        }
    }
}
