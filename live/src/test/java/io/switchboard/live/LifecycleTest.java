package io.switchboard.live;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LifecycleTest {

    @Test
    void listenersMayActOnTheModelAndAFailingListenerHarmsNoOne() throws Exception {
        try (LiveFixture f = new LiveFixture()) {
            List<String> hungUp = new CopyOnWriteArrayList<>();
            f.server.addListener(new ServerListener() {
                @Override
                public void channelAdded(Channel channel) {
                    throw new IllegalStateException("a careless listener");
                }
            });
            f.server.addListener(new ServerListener() {
                @Override
                public void stateChanged(Channel channel, ChannelState from, ChannelState to) {
                    // Runs on the notification thread: sending (and waiting) from here is allowed.
                    if (channel.name().startsWith("PJSIP/henry") && to == ChannelState.UP) {
                        try {
                            channel.hangup(21);
                        } catch (ChannelGoneException e) {
                            // it may have ended already
                        }
                    }
                }

                @Override
                public void hungUp(Channel channel, HangupCause cause) {
                    hungUp.add(channel.name() + " " + cause.code());
                }
            });
            f.server.originate(OriginateRequest.to("PJSIP/henry").application("Wait", "600").build());
            await().atMost(LiveFixture.WAIT).until(() -> hungUp.stream().anyMatch(s -> s.startsWith("PJSIP/henry")));
            assertThat(hungUp).anySatisfy(s -> assertThat(s).endsWith(" 21"));
        }
    }

    @Test
    void closeIsIdempotentStopsTheModelAndLeavesNoThreads() {
        LiveFixture f = new LiveFixture();
        try {
            AsteriskServer server = f.server;
            server.close();
            server.close();
            assertThat(server.isSynced()).isFalse();
            assertThat(server.originate(OriginateRequest.to("PJSIP/a").application("Wait", "1").build()))
                    .isCompletedExceptionally();
            await().atMost(LiveFixture.WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("switchboard-live") && t.isAlive()));
        } finally {
            f.close();
        }
    }

    @Test
    void valueTypesParseWhatAsteriskSends() {
        assertThat(CallerId.parse("\"Front Desk\" <100>")).isEqualTo(new CallerId("Front Desk", "100"));
        assertThat(CallerId.parse("200")).isEqualTo(new CallerId("", "200"));
        assertThat(CallerId.parse(null)).isEqualTo(CallerId.NONE);
        assertThat(new CallerId("A", "1").toHeader()).isEqualTo("\"A\" <1>");
        assertThat(ChannelState.ofCode("6")).isEqualTo(ChannelState.UP);
        assertThat(ChannelState.ofCode("42")).isEqualTo(ChannelState.UNKNOWN);
        assertThat(OriginateFailure.ofReason("5")).isEqualTo(OriginateFailure.BUSY);
        assertThat(OriginateFailure.ofReason("3")).isEqualTo(OriginateFailure.NO_ANSWER);
        assertThat(OriginateFailure.ofReason("x")).isEqualTo(OriginateFailure.OTHER);
        assertThatThrownBy(() -> ConfigEdit.builder().append("", "k", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void escapedCallerIdNamesAreUnescaped() throws Exception {
        try (LiveFixture f = new LiveFixture()) {
            Channel c = LiveFixture.get(f.server.originate(OriginateRequest.to("Local/hold@test")
                    .application("Wait", "600").callerId(new CallerId("O'Brien \\ Co", "7")).build()));
            assertThat(c.callerId().name()).isEqualTo("O'Brien \\ Co");
            c.hangup();
        }
    }
}
