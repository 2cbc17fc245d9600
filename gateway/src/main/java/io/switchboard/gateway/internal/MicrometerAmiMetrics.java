package io.switchboard.gateway.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.ami.AmiMetrics;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionLostException;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AMI client's metrics hooks as Micrometer meters, all tagged {@code server}. The events counter is
 * looked up once, because {@link #eventReceived} runs on the socket reader for every event; the other meters
 * are looked up per call (Micrometer caches them by name and tags).
 */
public final class MicrometerAmiMetrics implements AmiMetrics {
    /**
     * Distinct {@code action} tag values per server; later names are counted as {@code other}. Action names come
     * from API callers too ({@code POST /actions} takes any name), and every distinct tag value is a series kept
     * for the life of the process: without a cap, made-up names would grow memory and the scrape without bound.
     */
    static final int MAX_ACTION_TAGS = 200;
    static final String OTHER_ACTION = "other";

    private final MeterRegistry registry;
    private final String server;
    private final Counter events;
    private final Set<String> actionTags = ConcurrentHashMap.newKeySet();

    MicrometerAmiMetrics(MeterRegistry registry, String server) {
        this.registry = registry;
        this.server = server;
        this.events = Counter.builder("switchboard.ami.events").description("AMI events received")
                .tag("server", server).register(registry);
    }

    @Override
    public void actionCompleted(String action, Duration latency, boolean success) {
        Timer.builder("switchboard.ami.action.latency").description("time from sending an action to its answer")
                .tags("server", server, "action", tag(action), "outcome", success ? "success" : "error")
                .register(registry).record(latency);
    }

    @Override
    public void actionTimedOut(String action) {
        counter("switchboard.ami.action.timeouts", "actions that got no answer in time", "action", tag(action));
    }

    @Override
    public void actionLost(String action, ConnectionLostException.Outcome outcome) {
        counter("switchboard.ami.action.lost", "actions failed because the connection ended", "action", tag(action),
                "outcome", outcome.name());
    }

    @Override
    public void actionResent(String action) {
        counter("switchboard.ami.action.resent", "actions written again after a reconnect", "action", tag(action));
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

    /** The action's tag value: its name while fewer than {@link #MAX_ACTION_TAGS} are in use, else "other". */
    private String tag(String action) {
        if (actionTags.contains(action)) {
            return action;
        }
        // Racy by a few names at most when many threads add at once: the cap only has to bound the growth.
        if (actionTags.size() < MAX_ACTION_TAGS) {
            actionTags.add(action);
            return action;
        }
        return OTHER_ACTION;
    }

    private void counter(String name, String description, String... tags) {
        Counter.builder(name).description(description).tag("server", server).tags(tags).register(registry)
                .increment();
    }
}
