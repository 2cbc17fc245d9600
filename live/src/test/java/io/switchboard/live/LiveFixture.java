package io.switchboard.live;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Backoff;
import io.switchboard.ami.Event;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.SimulatedPbx;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A FakeAsterisk with a fast simulated PBX and a live model connected to it. */
final class LiveFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);

    final FakeAsterisk fake;
    final SimulatedPbx pbx;
    final AsteriskServer server;

    LiveFixture() {
        this(0.02);
    }

    /** @param timeScale real seconds per simulated second of the PBX */
    LiveFixture(double timeScale) {
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO)
                .callEngine(sink -> SimulatedPbx.builder().timeScale(timeScale).build(sink)).start();
        pbx = (SimulatedPbx) fake.callEngine().orElseThrow();
        server = AsteriskServer.connect(config());
    }

    AmiConfig config() {
        return AmiConfig.builder().host(fake.host()).port(fake.port()).username(FakeAsterisk.DEFAULT_USERNAME)
                .secret(FakeAsterisk.DEFAULT_SECRET).actionTimeout(Duration.ofSeconds(10))
                .backoff(Backoff.fixed(Duration.ofMillis(50))).build();
    }

    /** Uniqueid to a one-line summary, as CoreShowChannels reports the channels now. */
    Map<String, String> serverChannels() {
        Map<String, String> out = new TreeMap<>();
        for (Event e : server.client().sendList(Action.named("CoreShowChannels")).items()) {
            out.put(e.get("Uniqueid"), e.get("Channel") + " " + e.get("ChannelState") + " " + e.get("Linkedid")
                    + " " + e.get("Context") + "," + e.get("Exten") + "," + e.get("Priority") + " ["
                    + e.get("BridgeId") + "]");
        }
        return out;
    }

    /** The same summary from the model. */
    Map<String, String> modelChannels() {
        Map<String, String> out = new TreeMap<>();
        for (Channel c : server.channels()) {
            ChannelSnapshot s = c.snapshot();
            out.put(s.uniqueid(), s.name() + " " + s.state().code() + " " + s.linkedid() + " " + s.context() + ","
                    + s.extension() + "," + s.priority() + " [" + s.bridgeId() + "]");
        }
        return out;
    }

    /** Waits until the model shows exactly what CoreShowChannels shows. */
    void awaitModelMatchesServer() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> modelChannels().equals(serverChannels()));
    }

    /** Waits until the model has no channels and neither has the server. */
    void awaitNoChannels() {
        await().atMost(WAIT).until(() -> server.channels().isEmpty() && serverChannels().isEmpty());
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.close();
        fake.close();
    }
}
