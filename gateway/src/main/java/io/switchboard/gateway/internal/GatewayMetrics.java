package io.switchboard.gateway.internal;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.ami.ConnectionState;
import io.switchboard.ami.Subscription;
import io.switchboard.recorder.CdrRecorder;
import io.switchboard.recorder.RecorderStats;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's Prometheus registry: AMI client meters per server ({@link MicrometerAmiMetrics}), connection
 * state gauges, event subscription queue depth, event stream client counts and HTTP request timings. Served
 * as text by {@code GET /metrics}.
 */
public final class GatewayMetrics {
    private static final String STARTED = "switchboard.metrics.started";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** A registry with JVM memory and thread meters. */
    public GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    /** The AMI hooks for one server, to set as {@code AmiConfig.metrics}. */
    public MicrometerAmiMetrics forServer(String server) {
        return new MicrometerAmiMetrics(registry, server);
    }

    /** Gauges of one server's connection: 1 while READY, and the state's ordinal (see ConnectionState). */
    public void bindServer(ServerHandle handle) {
        Gauge.builder("switchboard.ami.connection.ready", handle, h -> h.state() == ConnectionState.READY ? 1 : 0)
                .description("1 while the AMI connection is logged in and ready, else 0")
                .tag("server", handle.name()).register(registry);
        Gauge.builder("switchboard.ami.connection.state", handle, h -> h.state().ordinal())
                .description("connection state: 0 CONNECTING, 1 AUTHENTICATING, 2 READY, 3 LOST, 4 RECONNECTING, "
                        + "5 CLOSED").tag("server", handle.name()).register(registry);
    }

    /** Gauge of the events waiting in a subscription's queue. */
    public void bindSubscription(String server, String subscriber, Subscription subscription) {
        Gauge.builder("switchboard.ami.subscription.queued", subscription, s -> s.stats().queued())
                .description("events waiting in a subscription's queue")
                .tags("server", server, "subscriber", subscriber).register(registry);
    }

    /** The billing recorder's counters ({@link CdrRecorder#stats()}), read at each scrape. */
    public void bindRecorder(CdrRecorder recorder) {
        counter(recorder, "spooled", "operations (records, channel changes) appended to the spool",
                RecorderStats::spooled);
        counter(recorder, "committed", "call records inserted into the database", RecorderStats::committed);
        counter(recorder, "duplicates", "call records the database already had (replays): not inserted again",
                RecorderStats::duplicates);
        counter(recorder, "db.errors", "failed database batches (each retried)", RecorderStats::dbErrors);
        counter(recorder, "reconciled", "records written for calls that ended during an AMI gap",
                RecorderStats::reconciled);
        counter(recorder, "malformed.events", "events that could not be fully read", RecorderStats::malformedEvents);
        counter(recorder, "spool.full.waits", "times ingestion waited for room in a full spool",
                RecorderStats::spoolFullWaits);
        gauge(recorder, "pending", null, "operations spooled but not yet committed", RecorderStats::pending);
        gauge(recorder, "spool.size", "bytes", "bytes held in the spool", RecorderStats::spoolBytes);
        gauge(recorder, "db.up", null, "1 while the last database write succeeded, 0 while spooling",
                st -> st.dbAvailable() ? 1 : 0);
        gauge(recorder, "open.channels", null, "channels known to be open on all servers",
                RecorderStats::openChannels);
    }

    private void counter(CdrRecorder recorder, String name, String description, ToDoubleFunction<RecorderStats> f) {
        FunctionCounter.builder("switchboard.recorder." + name, recorder, r -> f.applyAsDouble(r.stats()))
                .description(description).register(registry);
    }

    private void gauge(CdrRecorder recorder, String name, String unit, String description,
                       ToDoubleFunction<RecorderStats> f) {
        Gauge.builder("switchboard.recorder." + name, recorder, r -> f.applyAsDouble(r.stats()))
                .description(description).baseUnit(unit).register(registry);
    }

    /** Gauge of the clients following the event stream over one transport ({@code websocket}, {@code sse}). */
    void bindEventClients(String transport, Supplier<Number> count) {
        Gauge.builder("switchboard.gateway.event.clients", count).description("clients following /api/v1/events")
                .tag("transport", transport).register(registry);
    }

    /** The most event stream clients served at once, as a gauge, to compare the client gauges with. */
    void bindEventClientLimit(int max) {
        Gauge.builder("switchboard.gateway.event.clients.max", () -> max)
                .description("most clients /api/v1/events serves at once (maxEventClients)").register(registry);
    }

    /** Counts an event stream client refused because {@code maxEventClients} were already connected. */
    void eventClientRefused(String transport) {
        Counter.builder("switchboard.gateway.event.clients.refused")
                .description("clients of /api/v1/events refused because maxEventClients were connected")
                .tag("transport", transport).register(registry).increment();
    }

    /** Remembers when a request started (a before-handler). */
    void requestStarted(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    /** Times a finished request by method, route template (not the raw path) and status (an after-handler). */
    void requestFinished(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        Timer.builder("switchboard.http.requests").description("HTTP requests by route and status")
                .tags("method", ctx.method().name(), "route", route(ctx),
                        "status", String.valueOf(ctx.statusCode()))
                .register(registry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** The matched route template; one label for every unmatched path, so made-up paths add no series. */
    private static String route(Context ctx) {
        try {
            // Without a match Javalin answers a sentence here, not a path.
            String route = ctx.endpointHandlerPath();
            return route.startsWith("/") ? route : "unmatched";
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    /** The registry, for tests and embedding. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
