package io.switchboard.live;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ResyncTest {

    /** Records what the model tells its listeners. */
    private static final class Recorder implements ServerListener {
        final BlockingQueue<ResyncReport> reports = new LinkedBlockingQueue<>();
        final List<String> disconnects = new CopyOnWriteArrayList<>();
        final Map<String, HangupCause> hungUp = new ConcurrentHashMap<>();
        final List<Channel> added = new CopyOnWriteArrayList<>();

        @Override
        public void disconnected() {
            disconnects.add("lost");
        }

        @Override
        public void resynced(ResyncReport report) {
            reports.add(report);
        }

        @Override
        public void hungUp(Channel channel, HangupCause cause) {
            hungUp.put(channel.uniqueid(), cause);
        }

        @Override
        public void channelAdded(Channel channel) {
            added.add(channel);
        }

        ResyncReport next() throws InterruptedException {
            ResyncReport r = reports.poll(LiveFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(r).as("a resync report").isNotNull();
            return r;
        }
    }

    private static Channel hold(LiveFixture f) throws Exception {
        return LiveFixture.get(f.server.originate(OriginateRequest.to("Local/hold@test").application("Wait", "600")
                .build()));
    }

    private static Channel otherHalf(LiveFixture f, Channel one) {
        String two = one.name().replace(";1", ";2");
        await().atMost(LiveFixture.WAIT).until(() -> f.server.channel(two).isPresent());
        return f.server.channel(two).orElseThrow();
    }

    @Test
    void afterARestartTheModelReportsWhatHappenedDuringTheGap() throws Exception {
        // A slower simulated clock than the fixture's default: every channel here must outlast the restart and
        // the resync however loaded the machine is (the redirected one used to end after 0.4 s at the default).
        try (LiveFixture f = new LiveFixture(0.5)) {
            Channel ended = hold(f);
            Channel endedTwo = otherHalf(f, ended);
            Channel kept = hold(f);
            Channel moved = otherHalf(f, hold(f));
            f.awaitModelMatchesServer();
            Recorder rec = new Recorder();
            f.server.addListener(rec);

            f.fake.stop();
            await().atMost(LiveFixture.WAIT).until(() -> !f.server.isSynced());
            // While the model hears nothing: one call ends, one starts, one channel moves in the dialplan.
            assertThat(f.pbx.hangup(ended.name(), 16)).isTrue();
            f.pbx.cliOriginate("Local/hold@test", "Wait", "600");
            assertThat(f.pbx.redirect(moved.name(), "test", "redirected", 1)).isTrue();
            await().atMost(LiveFixture.WAIT).until(() -> f.pbx.channels().stream()
                    .anyMatch(c -> c.name().equals(moved.name()) && c.priority() == 3));
            assertThat(ended.isAlive()).as("the model cannot know yet").isTrue();

            f.fake.restart();
            ResyncReport report = rec.next();
            assertThat(report.gapStart()).isNotNull().isBeforeOrEqualTo(report.syncedAt());
            assertThat(report.ended()).containsExactlyInAnyOrder(ended, endedTwo);
            assertThat(report.appeared()).hasSize(2).allSatisfy(c -> {
                assertThat(c.name()).startsWith("Local/hold@test-");
                assertThat(c.isAlive()).isTrue();
            });
            assertThat(report.changed()).containsExactly(moved);
            assertThat(moved.extension()).isEqualTo("redirected");
            assertThat(kept.isAlive()).isTrue();
            assertThat(rec.disconnects).hasSize(1);
            assertThat(f.server.isSynced()).isTrue();
            f.awaitModelMatchesServer();

            // The ended channels' objects know they are gone and refuse to act.
            assertThat(ended.isAlive()).isFalse();
            assertThat(ended.hangupCause()).contains(HangupCause.ENDED_WHILE_DISCONNECTED);
            assertThatThrownBy(ended::hangup).isInstanceOf(ChannelGoneException.class)
                    .hasMessageContaining("while the connection to Asterisk was down");
            await().atMost(LiveFixture.WAIT).until(() -> rec.hungUp.containsKey(ended.uniqueid()));
            assertThat(rec.added).containsAll(report.appeared());

            // And the model follows events again.
            kept.hangup();
            await().atMost(LiveFixture.WAIT).until(() -> !kept.isAlive());
            f.pbx.hangupAll();
            f.awaitNoChannels();
        }
    }

    @Test
    void dropAllSessionsWhileCallsStartAndEnd() throws Exception {
        try (LiveFixture f = new LiveFixture()) {
            Channel before = hold(f);
            Recorder rec = new Recorder();
            f.server.addListener(rec);
            // Keep the gap open with refused logins, so what happens now surely falls into it.
            f.fake.faults().refuseLogins(true);
            f.fake.dropAllSessions();
            await().atMost(LiveFixture.WAIT).until(() -> !f.server.isSynced());
            f.pbx.hangup(before.name(), 16);
            f.pbx.cliOriginate("Local/hold@test", "Wait", "600");
            f.pbx.cliOriginate("Local/short@test", "Wait", "600"); // starts and ends within the gap
            await().atMost(LiveFixture.WAIT).until(() -> f.pbx.channels().size() == 2);
            f.fake.faults().refuseLogins(false);

            ResyncReport report = rec.next();
            assertThat(report.ended()).contains(before).hasSize(2);
            assertThat(report.appeared()).hasSize(2);
            f.awaitModelMatchesServer();
            f.pbx.hangupAll();
            f.awaitNoChannels();
        }
    }

    @Test
    void anOriginateCaughtByTheGapIsSettledByTheResync() throws Exception {
        try (LiveFixture f = new LiveFixture(0.05)) {
            Recorder rec = new Recorder();
            f.server.addListener(rec);
            // PJSIP phones ring for 1 s (simulated) before answering: drop the connection in between.
            var pending = f.server.originate(OriginateRequest.to("PJSIP/dave").application("Wait", "600")
                    .channelId("gap-call").build());
            await().atMost(LiveFixture.WAIT).until(() -> f.server.channel("gap-call").isPresent());
            f.fake.faults().refuseLogins(true);
            f.fake.dropAllSessions();
            await().atMost(LiveFixture.WAIT).until(() -> f.pbx.channels().stream()
                    .anyMatch(c -> c.uniqueid().equals("gap-call") && c.state().equals("Up")));
            f.fake.faults().refuseLogins(false);
            Channel c = LiveFixture.get(pending);
            assertThat(c.uniqueid()).isEqualTo("gap-call");
            assertThat(c.isAlive()).isTrue();
            c.hangup();
        }
    }

    @Test
    void anExplicitResyncOfACorrectModelReportsNothing() throws Exception {
        try (LiveFixture f = new LiveFixture()) {
            hold(f);
            f.awaitModelMatchesServer();
            ResyncReport r = LiveFixture.get(f.server.resync());
            assertThat(r.isEmpty()).isTrue();
            assertThat(r.gapStart()).isNull();
            f.pbx.hangupAll();
            f.awaitNoChannels();
        }
    }

    @Test
    void resyncUnderTrafficNeverResurrectsOrLosesChannels() throws Exception {
        try (LiveFixture f = new LiveFixture(0.05)) {
            f.pbx.simulateCalls(12, 6.0);
            for (int i = 0; i < 5; i++) {
                LiveFixture.get(f.server.resync());
            }
            f.awaitNoChannels();
            await().during(Duration.ofMillis(200)).atMost(LiveFixture.WAIT)
                    .until(() -> f.server.channels().isEmpty());
        }
    }
}
