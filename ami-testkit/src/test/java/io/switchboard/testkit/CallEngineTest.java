package io.switchboard.testkit;

import io.switchboard.ami.Packet;
import io.switchboard.testkit.pbx.CallEngine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class CallEngineTest {
    /** A tiny engine: Originate (sync ones block until released) and a CoreShowChannels list. */
    static final class TestEngine implements CallEngine {
        final Consumer<Packet> events;
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        TestEngine(Consumer<Packet> events) {
            this.events = events;
        }

        @Override
        public Set<String> actions() {
            return Set.of("originate", "coreshowchannels", "command", "events");
        }

        @Override
        public void handle(Packet action, Consumer<Packet> reply) {
            calls.incrementAndGet();
            String id = action.actionId();
            switch (action.get("Action").toLowerCase()) {
                case "originate":
                    events.accept(Packet.of("Event", "Newchannel", "Privilege", "call,all", "Channel", "Local/x;1"));
                    if (!"true".equals(action.get("Async"))) {
                        await();
                    }
                    reply.accept(Packet.of("Response", "Success", "ActionID", id,
                            "Message", "Originate successfully queued"));
                    break;
                case "coreshowchannels":
                    reply.accept(Packet.of("Response", "Success", "ActionID", id, "EventList", "start",
                            "Message", "Channels will follow"));
                    reply.accept(Packet.of("Event", "CoreShowChannel", "ActionID", id, "Channel", "Local/x;1"));
                    reply.accept(Packet.of("Event", "CoreShowChannelsComplete", "ActionID", id,
                            "EventList", "Complete", "ListItems", "1"));
                    break;
                default:
                    reply.accept(Packet.of("Response", "Success", "ActionID", id, "Message", "Command output follows",
                            "Output", "engine output"));
            }
        }

        private void await() {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private FakeAsterisk fake;
    private TestEngine engine;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder()
                .account("admin", "amp111", "all", "all")
                .account("readonly", "ro123", "call,system", "")
                .loginDelay(Duration.ZERO)
                .commandOutput("core show version", List.of("scripted"))
                .callEngine(sink -> engine = new TestEngine(sink))
                .start();
    }

    @AfterEach
    void stop() {
        fake.close();
        assertThat(engine.closed).isTrue();
    }

    private AmiTestClient login(String user, String secret) {
        AmiTestClient c = AmiTestClient.login(fake, user, secret);
        c.syncEvents();
        return c;
    }

    @Test
    void engineActionsAreDelegatedAndTheirEventsFollowTheReply() {
        try (AmiTestClient c = login("admin", "amp111")) {
            c.send("Action: Originate\r\nActionID: o1\r\nChannel: Local/x@test\r\nAsync: true\r\n\r\n");
            assertThat(c.next().get("Message")).isEqualTo("Originate successfully queued");
            assertThat(c.next().name()).isEqualTo("Newchannel");
            assertThat(fake.callEngine()).containsSame(engine);
        }
    }

    @Test
    void listRepliesArriveInOrder() {
        try (AmiTestClient c = login("admin", "amp111")) {
            c.send("Action: CoreShowChannels\r\nActionID: l1\r\n\r\n");
            assertThat(List.of(c.next(), c.next(), c.next())).extracting(Packet::name)
                    .containsExactly("Success", "CoreShowChannel", "CoreShowChannelsComplete");
        }
    }

    @Test
    void aBlockingActionHoldsBackEventsOfItsSession() {
        try (AmiTestClient c = login("admin", "amp111"); AmiTestClient other = login("admin", "amp111")) {
            c.syncEvents();
            c.send("Action: Originate\r\nActionID: sync\r\nChannel: Local/x@test\r\n\r\n");
            assertThat(other.nextEvent("Newchannel")).as("other sessions get the event at once").isNotNull();
            assertThat(c.poll(Duration.ofMillis(200))).as("nothing while the action runs").isEmpty();
            engine.release.countDown();
            assertThat(c.next().actionId()).isEqualTo("sync");
            assertThat(c.next().name()).isEqualTo("Newchannel");
        }
    }

    @Test
    void permissionIsCheckedBeforeTheEngineRuns() {
        try (AmiTestClient c = login("readonly", "ro123")) {
            assertThat(c.request("Action: Originate\r\nChannel: Local/x@test\r\n\r\n").get("Message"))
                    .isEqualTo("Permission denied");
            assertThat(engine.calls).hasValue(0);
        }
    }

    @Test
    void sessionActionsAndScriptedCommandsStayWithTheServer() {
        try (AmiTestClient c = login("admin", "amp111")) {
            assertThat(c.request("Action: Events\r\nEventMask: on\r\n\r\n").get("Events")).isEqualTo("On");
            assertThat(c.request("Action: Command\r\nCommand: core show version\r\n\r\n").get("Output"))
                    .isEqualTo("scripted");
            assertThat(c.request("Action: Command\r\nActionID: e\r\nCommand: core show channels\r\n\r\n").get("Output"))
                    .isEqualTo("engine output");
            assertThat(engine.calls).hasValue(1);
        }
    }

    @Test
    void aFailingEngineGivesAnErrorReplyAndTheSessionCarriesOn() {
        try (AmiTestClient c = login("admin", "amp111")) {
            // The test engine cannot build a reply without ActionID (Packet.of refuses null values).
            Packet r = c.request("Action: Command\r\nCommand: core show channels\r\n\r\n");
            assertThat(r.get("Response")).isEqualTo("Error");
            assertThat(r.get("Message")).startsWith("FakeAsterisk call engine failed: ");
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void engineEventsRaisedAnyTimeAreBroadcast() {
        try (AmiTestClient c = login("admin", "amp111")) {
            engine.events.accept(Packet.of("Event", "Hangup", "Privilege", "call,all", "Channel", "Local/x;1"));
            assertThat(c.nextEvent("Hangup").get("Channel")).isEqualTo("Local/x;1");
        }
    }
}
