package io.switchboard.examples;

import io.switchboard.ami.Event;
import io.switchboard.ami.Subscription;
import io.switchboard.live.Channel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows one endpoint's calls with two kinds of subscription of the core client:
 * <ul>
 *   <li>{@code onChannel("PJSIP/alice", ...)}: every event any of the endpoint's channels appears in, whichever
 *       header names it ({@code Channel}, {@code DestChannel}, ...), one line each, in wire order;</li>
 *   <li>{@code subscribeParallel(filter, e -> e.get("Linkedid"), 4, ...)}: a tally of every call's events (by
 *       Linkedid) kept on up to four threads, each call's events still handled one at a time and in order.</li>
 * </ul>
 * Stops when a channel of the endpoint has hung up (or after {@code --seconds}), then prints the tally so far.
 *
 * <pre>
 * java -cp ... io.switchboard.examples.FollowEndpoint                      # embedded: calls PJSIP/alice
 * SWITCHBOARD_SECRET=... java -cp ... io.switchboard.examples.FollowEndpoint --host pbx --user admin PJSIP/100
 * </pre>
 */
public final class FollowEndpoint {
    private FollowEndpoint() {
    }

    /** Runs the example; the positional argument is the endpoint (default PJSIP/alice). */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            String endpoint = pbx.arguments(List.of("PJSIP/alice")).get(0);
            CountDownLatch hungUp = new CountDownLatch(1);

            // Wire order, one line per event that names one of the endpoint's channels.
            Subscription lines = pbx.client().onChannel(endpoint, event -> {
                System.out.println(event.name() + " " + channelHeaders(event, endpoint));
                if (event.is("Hangup")) {
                    hungUp.countDown();
                }
            });
            // Every call's events tallied on up to 4 threads: a stand-in for slow per-call work (a database write);
            // one call's events never run at the same time, so the per-call counting needs no ordering of its own.
            Map<String, AtomicInteger> perCall = new ConcurrentHashMap<>();
            Subscription tally = pbx.client().subscribeParallel(e -> e.has("Linkedid"), e -> e.get("Linkedid"), 4,
                    e -> perCall.computeIfAbsent(e.get("Linkedid"), k -> new AtomicInteger()).incrementAndGet());

            if (pbx.embedded()) {
                // A call to the endpoint: it rings, answers (the simulated phone picks up), and is hung up.
                Channel call = ExamplePbx.await(pbx.server().connect(endpoint, "Local/hold@test"));
                call.hangup();
            }
            hungUp.await(pbx.intOption("seconds", 60), TimeUnit.SECONDS);
            lines.close();
            tally.close();
            perCall.forEach((call, n) -> System.out.println("call " + call + ": " + n + " events"));
        }
    }

    /** The headers of {@code event} that name a channel of the endpoint, as {@code Key=Value}. */
    private static String channelHeaders(Event event, String endpoint) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < event.packet().size(); i++) {
            String value = event.packet().value(i);
            if (event.packet().key(i).endsWith("Channel") && value.regionMatches(true, 0, endpoint, 0,
                    endpoint.length())) {
                line.append(line.length() == 0 ? "" : " ").append(event.packet().key(i)).append('=').append(value);
            }
        }
        return line.toString();
    }
}
