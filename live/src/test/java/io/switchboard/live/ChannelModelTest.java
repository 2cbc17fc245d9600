package io.switchboard.live;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChannelModelTest {

    @Test
    void modelMatchesCoreShowChannelsWhileADozenCallsComeAndGo() {
        try (LiveFixture f = new LiveFixture(0.05)) {
            AtomicInteger added = new AtomicInteger();
            List<Channel> ended = new CopyOnWriteArrayList<>();
            f.server.addListener(new ServerListener() {
                @Override
                public void channelAdded(Channel channel) {
                    added.incrementAndGet();
                }

                @Override
                public void hungUp(Channel channel, HangupCause cause) {
                    ended.add(channel);
                }
            });
            f.pbx.simulateCalls(12, 4.0);
            // Quiet points: whenever the model has seen more channels appear, it must catch up with the server.
            for (int seen = 4; seen <= 24; seen += 4) {
                int target = seen;
                await().atMost(LiveFixture.WAIT).until(() -> added.get() >= target);
                f.awaitModelMatchesServer();
            }
            f.awaitNoChannels();
            assertThat(ended).isNotEmpty().allSatisfy(c -> {
                assertThat(c.isAlive()).isFalse();
                assertThat(c.hangupCause()).isPresent();
            });
            assertThat(ended.size()).isEqualTo(added.get());
        }
    }

    @Test
    void stepByStepTheModelFollowsCallsAndHangups() {
        try (LiveFixture f = new LiveFixture()) {
            assertThat(f.server.channels()).isEmpty();
            assertThat(f.server.isSynced()).isTrue();
            for (int i = 0; i < 3; i++) {
                f.pbx.cliOriginate("Local/hold@test", "Wait", "600");
            }
            await().atMost(LiveFixture.WAIT).until(() -> f.server.channels().size() == 6);
            f.awaitModelMatchesServer();

            Channel first = f.server.channels().get(0);
            assertThat(first.name()).startsWith("Local/hold@test-").endsWith(";1");
            assertThat(f.server.channel(first.name())).containsSame(first);
            assertThat(f.server.channel(first.uniqueid())).containsSame(first);
            assertThat(first.state()).isEqualTo(ChannelState.UP);
            // No event reports an application started by Originate (no Newexten): the model shows what it saw.
            assertThat(first.application()).isIn("Wait", "AppDial2");

            f.pbx.hangup(first.name(), 16);
            await().atMost(LiveFixture.WAIT).until(() -> !first.isAlive());
            assertThat(first.hangupCause()).hasValueSatisfying(c -> assertThat(c.code()).isEqualTo(16));
            f.awaitModelMatchesServer();
            assertThat(f.server.channels()).hasSize(4).doesNotContain(first);

            f.pbx.hangupAll();
            f.awaitNoChannels();
        }
    }

    @Test
    void aModelBuiltOverARunningServerStartsFromTheLists() throws Exception {
        try (LiveFixture f = new LiveFixture()) {
            f.pbx.cliOriginate("Local/hold@test", "Wait", "600");
            await().atMost(LiveFixture.WAIT).until(() -> f.serverChannels().size() == 2);
            try (var client = io.switchboard.ami.AmiClient.connect(f.config());
                 AsteriskServer second = AsteriskServer.over(client)) {
                assertThat(second.channels()).hasSize(2);
                assertThat(second.channels()).extracting(Channel::uniqueid)
                        .containsExactlyInAnyOrderElementsOf(f.serverChannels().keySet());
                assertThat(second.channels().get(0).createdAt()).isBeforeOrEqualTo(java.time.Instant.now());
            }
            f.pbx.hangupAll();
            f.awaitNoChannels();
        }
    }
}
