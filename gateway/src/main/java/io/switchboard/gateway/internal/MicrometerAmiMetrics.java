package io.switchboard.gateway.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.ami.AmiMetrics;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionLostException;

import java.time.Duration;

/**
 * The AMI client's metrics hooks as Micrometer meters, all tagged {@code server}. The events counter is
 * looked up once, because {@link #eventReceived} runs on the socket reader for every event; the other meters
 * are looked up per call (Micrometer caches them by name and tags).
 */
public final class MicrometerAmiMetrics implements AmiMetrics {
    private final MeterRegistry registry;
    private final String server;
    private final Counter events;

    MicrometerAmiMetrics(MeterRegistry registry, String server) {
        this.registry = registry;
        this.server = server;
        this.events = Counter.builder("switchboard.ami.events").description("AMI events received")
                .tag("server", server).register(registry);
    }

    @Override
    public void actionCompleted(String action, Duration latency, boolean success) {
        Timer.builder("switchboard.ami.action.latency").description("time from sending an action to its answer")
                .tags("server", server, "action", action, "outcome", success ? "success" : "error")
                .register(registry).record(latency);
    }

    @Override
    public void actionTimedOut(String action) {
        counter("switchboard.ami.action.timeouts", "actions that got no answer in time", "action", action);
    }

    @Override
    public void actionLost(String action, ConnectionLostException.Outcome outcome) {
        counter("switchboard.ami.action.lost", "actions failed because the connection ended", "action", action,
                "outcome", outcome.name());
    }

    @Override
    public void actionResent(String action) {
        counter("switchboard.ami.action.resent", "actions written again after a reconnect", "action", action);
    }

    @Override
    public void eventReceived(String eventName) {
        events.increment();
    }

    @Override
    public void connectionEvent(ConnectionEvent event) {
        counter("switchboard.ami.connection.events", "connection steps: lost, reconnecting, restored...", "type",
                event.type().name());
    }

    /** A first connect attempt that failed (the client reports only steps after its first login). */
    public void connectFailed() {
        counter("switchboard.ami.connection.events", "connection steps: lost, reconnecting, restored...", "type",
                "CONNECT_FAILED");
    }

    private void counter(String name, String description, String... tags) {
        Counter.builder(name).description(description).tag("server", server).tags(tags).register(registry)
                .increment();
    }
}
