package io.switchboard.cli;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import io.switchboard.ami.Event;
import io.switchboard.ami.Subscription;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.SimulatedPbx;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code switchboard demo --console}: the client at work, in the terminal instead of the dashboard. Starts
 * FakeAsterisk on a free loopback port with simulated calls (the mix of the recorded event storm), connects the
 * real client, and prints a live console view: a header, a summary line every second (live channels from
 * {@code CoreShowChannels}, calls started and ended, events per second, the last hangup cause), the notable events
 * as short lines, and the outcome of an Originate the client itself sends at once and then every few seconds.
 *
 * <p>Threads: the event listener and future callbacks only queue lines; the command's thread prints them and
 * runs the once-a-second summary, so the output is never interleaved. A "call" is counted by its first
 * channel (the one whose {@code Uniqueid} is the call's {@code Linkedid}); the other legs are not shown.
 */
final class ConsoleDemo {
    /** Wakes the printing loop when a stop is requested. */
    private static final String WAKE = new String("wake");
    /** The lab dialplan's short call: answers, waits 5 s, hangs up. */
    static final String ORIGINATE_CHANNEL = "Local/short@test";

    private final CommandSpec spec;
    private final double seconds;
    private final double callsPerSecond;
    private final double originateEvery;

    ConsoleDemo(CommandSpec spec, double seconds, double callsPerSecond, double originateEvery) {
        this.spec = spec;
        this.seconds = seconds;
        this.callsPerSecond = callsPerSecond;
        this.originateEvery = originateEvery;
    }

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong callsStarted = new AtomicLong();
    private final AtomicLong callsEnded = new AtomicLong();
    /** Uniqueids of calls' first channels whose Cdr has not come yet: one Cdr line per call. */
    /** The client's own Originates still waiting for their OriginateResponse (command thread only). */
    private final List<CompletableFuture<?>> originates = new ArrayList<>();
    private final Set<String> leaders = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> lastHangup = new AtomicReference<>("-");
    private long startNanos;

    /** Runs until --seconds or Ctrl-C; returns the exit code. */
    int run() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        startNanos = System.nanoTime();
        try (StopSignal stop = StopSignal.install("demo", () -> lines.add(WAKE));
             FakeAsterisk fake = FakeAsterisk.builder().port(0).start()) {
            SimulatedPbx pbx = fake.callEngine().filter(SimulatedPbx.class::isInstance)
                    .map(SimulatedPbx.class::cast)
                    .orElseThrow(() -> new IllegalStateException("FakeAsterisk has no SimulatedPbx"));
            AmiClient client;
            try {
                client = Ami.connect(AmiConfig.builder().host(fake.host()).port(fake.port())
                        .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET)
                        .actionTimeout(Duration.ofSeconds(10)).build());
            } catch (CliException e) {
                return Main.fail(spec, e);
            }
            try (client; Subscription sub = client.onAny(this::onEvent)) {
                header(out, fake, client);
                AutoCloseable traffic = pbx.simulateTraffic(callsPerSecond);
                try {
                    loop(out, client, stop);
                } finally {
                    close(traffic);
                }
                awaitOriginates();
                drain(out);
                summary(out, client, events.get() * 1e9 / Math.max(1, System.nanoTime() - startNanos));
                out.println("Stopped: " + callsStarted.get() + " calls started, " + callsEnded.get() + " ended, "
                        + events.get() + " events.");
                out.flush();
            }
        }
        return Main.OK;
    }

    private void header(PrintWriter out, FakeAsterisk fake, AmiClient client) {
        String version = "Asterisk";
        try {
            List<String> v = client.command("core show version");
            if (!v.isEmpty()) {
                String[] words = v.get(0).split(" ");
                version = words.length > 1 ? words[0] + " " + words[1] : v.get(0);
            }
        } catch (AmiException e) {
            version = "Asterisk (version unknown: " + e.getMessage() + ")";
        }
        out.printf("Switchboard demo: FakeAsterisk %s:%d, %s, banner \"%s\" (AMI %s); %s calls/s simulated%s%n",
                fake.host(), fake.port(), version, client.banner(), client.amiVersion(), fmt(callsPerSecond),
                seconds > 0 ? ", for " + fmt(seconds) + " s" : ", Ctrl-C to stop");
        out.flush();
    }

    private void loop(PrintWriter out, AmiClient client, StopSignal stop) throws InterruptedException {
        long second = TimeUnit.SECONDS.toNanos(1);
        long end = seconds > 0 ? startNanos + (long) (seconds * 1e9) : Long.MAX_VALUE;
        long nextSummary = startNanos + second;
        long originatePeriod = (long) (originateEvery * 1e9);
        long nextOriginate = originatePeriod > 0 ? System.nanoTime() : Long.MAX_VALUE;
        long lastEvents = 0;
        long lastSummary = startNanos;
        while (!stop.isStopRequested()) {
            long now = System.nanoTime();
            if (now - end >= 0 || out.checkError()) {
                return; // time is up, or stdout is gone ("demo --console | head" after head exited)
            }
            if (now - nextSummary >= 0) {
                long count = events.get();
                double rate = (count - lastEvents) * 1e9 / Math.max(1, now - lastSummary);
                lastEvents = count;
                lastSummary = now;
                summary(out, client, rate);
                nextSummary += second;
                continue;
            }
            if (now - nextOriginate >= 0) {
                originate(client, stop);
                nextOriginate += originatePeriod;
                continue;
            }
            long wait = Math.min(Math.min(nextSummary, nextOriginate), end) - now;
            String line = lines.poll(wait, TimeUnit.NANOSECONDS);
            if (line != null && line != WAKE) {
                out.println(line);
                drain(out);
            }
        }
    }

    private void drain(PrintWriter out) {
        for (String line = lines.poll(); line != null; line = lines.poll()) {
            if (line != WAKE) {
                out.println(line);
            }
        }
        out.flush();
    }

    /** One line: live channels, calls, events/s (in the last second; for the last line, overall), last hangup cause. */
    private void summary(PrintWriter out, AmiClient client, double rate) {
        String channels;
        try {
            channels = Integer.toString(client.sendList(Action.named("CoreShowChannels")
                    .timeout(Duration.ofSeconds(5))).size());
        } catch (AmiException e) {
            channels = "? (" + e.getMessage() + ")";
        }
        out.printf("%s channels %s | calls started %d, ended %d | %s events/s | last hangup: %s%n",
                stamp(), channels, callsStarted.get(), callsEnded.get(), fmt(rate), lastHangup.get());
        out.flush();
    }

    /** An async Originate of the client's own; its outcome comes back as a line. */
    private void originate(AmiClient client, StopSignal stop) {
        Action originate = Action.named("Originate")
                .header("Channel", ORIGINATE_CHANNEL)
                .header("Application", "Wait").header("Data", "2")
                .header("CallerID", "\"Switchboard demo\" <100>")
                .header("Async", "true");
        lines.add(stamp() + " originate  " + ORIGINATE_CHANNEL + " (by the client) ...");
        CompletableFuture<?> done = client.sendAndAwaitEvent(originate, "OriginateResponse").whenComplete((e, failure) -> {
            if (failure != null) {
                if (!stop.isStopRequested()) {
                    Throwable t = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    lines.add(stamp() + " originate  " + ORIGINATE_CHANNEL + " failed: " + t.getMessage());
                }
                return;
            }
            lines.add(stamp() + " originate  " + ORIGINATE_CHANNEL + " -> " + e.get("Response") + ", reason "
                    + e.get("Reason") + " (" + reason(e.get("Reason")) + "), channel " + e.get("Channel"));
        });
        originates.removeIf(CompletableFuture::isDone);
        originates.add(done);
    }

    /** At the end: gives the client's own Originates a moment to report their outcome before closing. */
    private void awaitOriginates() throws InterruptedException {
        try {
            CompletableFuture.allOf(originates.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // reported (or not) by each future's own callback
        }
    }

    /** Counts every event; queues a short line for the notable ones. Runs on the subscription's thread. */
    private void onEvent(Event e) {
        events.incrementAndGet();
        String name = e.name().toLowerCase(Locale.ROOT);
        switch (name) {
            case "newchannel" -> {
                if (leader(e)) {
                    callsStarted.incrementAndGet();
                    leaders.add(e.get("Uniqueid"));
                    lines.add(stamp() + " new call   " + e.get("Channel") + " -> " + e.get("Exten") + "@"
                            + e.get("Context"));
                }
            }
            case "hangup" -> {
                String cause = e.get("Cause") + " " + e.get("Cause-txt");
                lastHangup.set(cause);
                if (leader(e)) {
                    callsEnded.incrementAndGet();
                    lines.add(stamp() + " hangup     " + e.get("Channel") + ": " + cause);
                }
            }
            case "originateresponse" -> {
                String id = e.actionId();
                if (id != null && id.startsWith("sim-")) {
                    lines.add(stamp() + " originated " + e.get("Channel") + " (" + id + "): " + e.get("Response")
                            + ", reason " + e.get("Reason") + " (" + reason(e.get("Reason")) + ")");
                }
            }
            case "cdr" -> {
                if (leaders.remove(e.get("UniqueID"))) {
                    lines.add(stamp() + " cdr        " + e.get("Channel") + " " + e.get("Disposition") + ", "
                            + e.get("BillableSeconds") + " s billable of " + e.get("Duration") + " s");
                }
            }
            default -> {
            }
        }
    }

    /** Whether the event's channel is the first channel of its call. */
    private static boolean leader(Event e) {
        String id = e.get("Uniqueid");
        return id != null && id.equals(e.get("Linkedid"));
    }

    /** Asterisk's Originate reason codes. */
    static String reason(String code) {
        if (code == null) {
            return "?";
        }
        return switch (code.trim()) {
            case "0" -> "failed";
            case "1" -> "hung up";
            case "3" -> "ring timeout";
            case "4" -> "answered";
            case "5" -> "busy";
            case "8" -> "congestion";
            default -> "code " + code;
        };
    }

    private String stamp() {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return String.format(Locale.ROOT, "[%4d.%ds]", ms / 1000, (ms % 1000) / 100);
    }

    /** A number without a needless ".0": 2, 0.5, 12.3. */
    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // stopping the load generator cannot fail in a way that matters here
        }
    }
}
