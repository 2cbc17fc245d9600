package io.switchboard.live;

import io.switchboard.ami.Action;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ChannelOperationsTest {
    private static LiveFixture f;

    @BeforeAll
    static void start() {
        f = new LiveFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static Channel call() throws Exception {
        return LiveFixture.get(f.server.originate(OriginateRequest.to("Local/hold@test")
                .application("Wait", "600").build()));
    }

    @Test
    void hangupWithACauseEndsTheChannelAndTellsItsListeners() throws Exception {
        Channel c = call();
        BlockingQueue<HangupCause> hungUp = new LinkedBlockingQueue<>();
        c.addListener(new ChannelListener() {
            @Override
            public void hungUp(Channel channel, HangupCause cause) {
                hungUp.add(cause);
            }
        });
        c.hangup(17);
        HangupCause cause = hungUp.poll(LiveFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(cause).isNotNull();
        assertThat(cause.code()).isEqualTo(17);
        assertThat(cause.text()).isEqualTo("User busy");
        assertThat(c.isAlive()).isFalse();
        assertThat(f.server.channel(c.uniqueid())).isEmpty();
    }

    @Test
    void operationsOnAGoneChannelFailClearlyWithoutSendingAnything() throws Exception {
        Channel c = call();
        c.hangup();
        await().atMost(LiveFixture.WAIT).until(() -> !c.isAlive());
        assertThatThrownBy(c::hangup).isInstanceOfSatisfying(ChannelGoneException.class, e -> {
            assertThat(e.channelName()).isEqualTo(c.name());
            assertThat(e.hangupCause().code()).isEqualTo(16);
            assertThat(e.getMessage()).contains("cannot hang up channel " + c.name()).contains("gone");
        });
        assertThatThrownBy(() -> c.variable("X")).isInstanceOf(ChannelGoneException.class);
        assertThatThrownBy(() -> c.setVariable("X", "1")).isInstanceOf(ChannelGoneException.class);
        assertThatThrownBy(() -> c.redirect("test", "wait", 1)).isInstanceOf(ChannelGoneException.class);
        assertThatThrownBy(() -> c.startRecording("x.wav", null)).isInstanceOf(ChannelGoneException.class);
        assertThatThrownBy(c::park).isInstanceOf(ChannelGoneException.class);
        assertThatThrownBy(() -> c.sendDtmf("1")).isInstanceOf(ChannelGoneException.class);
    }

    @Test
    void aChannelThatEndedBeforeTheModelHeardIsGoneToo() throws Exception {
        Channel c = call();
        // Hang it up behind the model's back and act at once: either the model saw the Hangup already, or
        // Asterisk answers "No such channel"; both must surface as ChannelGoneException.
        f.pbx.hangup(c.name(), 16);
        assertThatThrownBy(() -> c.setVariable("X", "1")).isInstanceOf(ChannelGoneException.class);
    }

    @Test
    void variablesAreReadAndWritten() throws Exception {
        Channel c = call();
        assertThat(c.variable("NOT_SET")).isEmpty();
        c.setVariable("COLOR", "blue");
        assertThat(c.variable("COLOR")).isEqualTo("blue");
        assertThat(c.variable("CHANNEL(state)")).isEqualTo("Up");
        c.hangup();
    }

    @Test
    void redirectMovesTheChannelInTheDialplan() throws Exception {
        Channel c = call();
        List<ChannelSnapshot> seen = new CopyOnWriteArrayList<>();
        c.addListener(new ChannelListener() {
            @Override
            public void changed(Channel channel, ChannelSnapshot from, ChannelSnapshot to) {
                seen.add(to);
            }
        });
        c.redirect("test", "redirected", 1);
        await().atMost(LiveFixture.WAIT).until(() -> c.extension().equals("redirected"));
        assertThat(c.context()).isEqualTo("test");
        await().atMost(LiveFixture.WAIT).until(() -> "yes".equals(c.variable("REDIRECTED")));
        assertThat(seen).anySatisfy(s -> assertThat(s.extension()).isEqualTo("redirected"));
        c.hangup();
    }

    @Test
    void recordingStartsAndStops() throws Exception {
        Channel c = call();
        c.startRecording("call-42.wav", "b");
        assertThat(c.isRecording()).isTrue();
        assertThat(c.variable("MIXMONITOR_FILENAME")).isEqualTo("/var/spool/asterisk/monitor/call-42.wav");
        c.stopRecording();
        assertThat(c.isRecording()).isFalse();
        assertThatThrownBy(c::stopRecording).isInstanceOf(io.switchboard.ami.ActionFailedException.class)
                .hasMessageContaining("Could not stop MixMonitor");
        c.hangup();
    }

    @Test
    void recordingsStartedByTheDialplanShowToo() throws Exception {
        Channel one = LiveFixture.get(f.server.originate(OriginateRequest.to("Local/monitor@test")
                .application("Wait", "600").build()));
        await().atMost(LiveFixture.WAIT).until(() -> f.server.channels().stream()
                .anyMatch(c -> c.linkedid().equals(one.linkedid()) && c.isRecording()));
        one.hangup();
    }

    @Test
    void stateListenersSeeRingingThenUp() throws Exception {
        List<String> states = new CopyOnWriteArrayList<>();
        Registration r = f.server.addListener(new ServerListener() {
            @Override
            public void stateChanged(Channel channel, ChannelState from, ChannelState to) {
                if (channel.name().startsWith("PJSIP/carol")) {
                    states.add(from + "->" + to);
                }
            }
        });
        Channel c = LiveFixture.get(f.server.originate(OriginateRequest.to("PJSIP/carol")
                .application("Wait", "600").build()));
        await().atMost(LiveFixture.WAIT).until(() -> states.contains("RINGING->UP"));
        assertThat(states).containsSubsequence("DOWN->RINGING", "RINGING->UP");
        r.close();
        c.hangup();
        assertThat(f.server.client().send(Action.named("Ping")).isSuccess()).isTrue();
    }
}
