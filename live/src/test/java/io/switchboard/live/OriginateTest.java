package io.switchboard.live;

import io.switchboard.ami.ActionFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OriginateTest {
    private static LiveFixture f;

    @BeforeAll
    static void start() {
        f = new LiveFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void originateToAnApplicationCompletesWithTheAnsweredChannel() throws Exception {
        Channel c = LiveFixture.get(f.server.originate(OriginateRequest.to("Local/wait@test")
                .application("Wait", "600")
                .callerId(new CallerId("Front Desk", "100"))
                .variable("CALL_REASON", "callback")
                .account("acct-7")
                .timeout(Duration.ofSeconds(20))
                .build()));
        assertThat(c.isAlive()).isTrue();
        assertThat(c.state()).isEqualTo(ChannelState.UP);
        assertThat(c.name()).startsWith("Local/wait@test-").endsWith(";1");
        assertThat(f.server.channels()).contains(c);
        assertThat(c.callerId()).isEqualTo(new CallerId("Front Desk", "100"));
        assertThat(c.accountCode()).isEqualTo("acct-7");
        assertThat(c.variable("CALL_REASON")).isEqualTo("callback");
        // The ChannelId the model chose is the channel's Uniqueid.
        assertThat(c.uniqueid()).matches("[0-9a-f-]{36}");
        c.hangup();
        await().atMost(LiveFixture.WAIT).until(() -> !c.isAlive());
    }

    @Test
    void originateToTheDialplanWithACallerChosenChannelId() throws Exception {
        Channel c = LiveFixture.get(f.server.originate(OriginateRequest.to("Local/wait@test")
                .dialplan("test", "hold", 1).channelId("my-call-1").otherChannelId("my-call-1b").build()));
        assertThat(c.uniqueid()).isEqualTo("my-call-1");
        await().atMost(LiveFixture.WAIT).until(() -> f.server.channel("my-call-1b").isPresent());
        assertThat(f.server.channel("my-call-1b").orElseThrow().name()).endsWith(";2");
        c.hangup();
        await().atMost(LiveFixture.WAIT).until(() -> !c.isAlive());
    }

    @ParameterizedTest
    @CsvSource({
        "Local/busy@test, BUSY, 5",
        "Local/congestion@test, CONGESTION, 8",
        "Local/hangup@test, FAILED, 0",
        "Local/nosuchexten@test, FAILED, 0",
        "Bogus/123, FAILED, 0",
        "PJSIP/busy-phone, BUSY, 5",
        "PJSIP/congested-trunk, CONGESTION, 8",
    })
    void failuresCarryAsterisksReason(String dial, OriginateFailure failure, int code) {
        CompletableFuture<Channel> call = f.server.originate(OriginateRequest.to(dial).application("Wait", "5")
                .build());
        assertThatThrownBy(() -> LiveFixture.get(call))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(OriginateException.class, e -> {
                    assertThat(e.failure()).isEqualTo(failure);
                    assertThat(e.reasonCode()).isEqualTo(code);
                    assertThat(e.response().get("Response")).isEqualTo("Failure");
                    assertThat(e.getMessage()).contains(dial).contains(failure.name());
                });
    }

    @Test
    void noAnswerWithinTheTimeoutIsReason3() {
        CompletableFuture<Channel> call = f.server.originate(OriginateRequest.to("PJSIP/noanswer-phone")
                .application("Wait", "5").timeout(Duration.ofSeconds(2)).build());
        assertThatThrownBy(() -> LiveFixture.get(call)).cause()
                .isInstanceOfSatisfying(OriginateException.class,
                        e -> assertThat(e.failure()).isEqualTo(OriginateFailure.NO_ANSWER));
    }

    @Test
    void aRefusedOriginateFailsWithTheServersMessage() {
        CompletableFuture<Channel> call = f.server.originate(OriginateRequest.to("Local/wait@test")
                .dialplan("test", "nosuchexten", 1).build());
        assertThatThrownBy(() -> LiveFixture.get(call)).cause()
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.response().message()).isEqualTo("Extension does not exist."));
    }

    @Test
    void aRequestNeedsADestination() {
        assertThatThrownBy(() -> OriginateRequest.to("PJSIP/alice").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OriginateRequest.to("alice")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OriginateRequest.to("PJSIP/a").timeout(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        OriginateRequest r = OriginateRequest.to("PJSIP/a").application("Echo", null).build();
        assertThat(r.toBuilder().dialplan("c", "e", 2).build().application()).isEmpty();
    }

    @Test
    void connectCallsAThenBridgesItWithB() throws Exception {
        Channel a = LiveFixture.get(f.server.connect("PJSIP/alice", "PJSIP/bob"));
        assertThat(a.name()).startsWith("PJSIP/alice-");
        await().atMost(LiveFixture.WAIT).until(() -> a.bridge().map(b -> b.channels().size() == 2).orElse(false));
        Bridge bridge = a.bridge().orElseThrow();
        assertThat(bridge.channels()).extracting(Channel::name)
                .anySatisfy(n -> assertThat(n).startsWith("PJSIP/bob-"));
        assertThat(f.server.bridges()).contains(bridge);
        assertThat(bridge.type()).isEqualTo("basic");
        Channel b = bridge.channels().stream().filter(c -> c != a).findFirst().orElseThrow();
        assertThat(b.linkedid()).isEqualTo(a.linkedid());
        f.awaitModelMatchesServer();

        b.hangup();
        await().atMost(LiveFixture.WAIT).until(() -> !a.isAlive() && !b.isAlive() && !bridge.isAlive());
        assertThat(f.server.bridges()).doesNotContain(bridge);
    }

    @Test
    void connectTwoLocalParties() throws Exception {
        Channel a = LiveFixture.get(f.server.connect("Local/hold@test", "Local/hold@test",
                OriginateRequest.to("Local/x@y").application("NoOp", "").callerId(new CallerId("Op", "9"))
                        .timeout(Duration.ofSeconds(10)).build()));
        await().atMost(LiveFixture.WAIT).until(() -> a.bridge().map(b -> b.channels().size() == 2).orElse(false));
        assertThat(a.bridge().orElseThrow().channels()).extracting(Channel::name)
                .anySatisfy(n -> assertThat(n).startsWith("Local/hold@test-"));
        a.hangup();
        await().atMost(LiveFixture.WAIT).until(() -> !a.isAlive());
    }
}
