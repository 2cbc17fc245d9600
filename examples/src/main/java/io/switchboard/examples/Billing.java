package io.switchboard.examples;

import io.switchboard.ami.typed.TypedEvent;
import io.switchboard.ami.typed.TypedEvents;
import io.switchboard.ami.typed.events.CdrEvent;
import io.switchboard.ami.typed.events.HangupEvent;
import io.switchboard.live.OriginateRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Billing from events: prints one line per finished call with its billable seconds, from the typed
 * {@link CdrEvent} (Asterisk posts one per answered call when cdr_manager is enabled), together with the hangup
 * cause seen in the {@link HangupEvent} of the same channel.
 *
 * <p>Runs until {@code --calls N} records were printed or {@code --seconds S} passed (default: 3 records on the
 * embedded PBX, which places three short calls; 60 seconds).
 *
 * <pre>
 * java -cp ... io.switchboard.examples.Billing
 * SWITCHBOARD_SECRET=... java -cp ... io.switchboard.examples.Billing --host pbx --user admin --seconds 3600
 * </pre>
 */
public final class Billing {
    private Billing() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            int calls = pbx.intOption("calls", pbx.embedded() ? 3 : Integer.MAX_VALUE);
            CountDownLatch done = new CountDownLatch(calls);
            Map<String, String> causes = new ConcurrentHashMap<>();    // Uniqueid -> hangup cause

            // One listener for both event names; TypedEvents.of gives the generated class for each.
            var subscription = pbx.client().on(List.of(HangupEvent.NAME, CdrEvent.NAME), event -> {
                TypedEvent typed = TypedEvents.of(event);
                if (typed instanceof HangupEvent hangup) {
                    causes.put(hangup.uniqueid(), hangup.cause().orElse(0) + " " + hangup.causeTxt());
                } else if (typed instanceof CdrEvent cdr && done.getCount() > 0) {
                    System.out.printf("%s  %s -> %s  %s  billable %d s of %d s  (%s, cause %s)%n",
                            cdr.startTime(), cdr.source(), cdr.destination(), cdr.disposition(),
                            cdr.billableSeconds().orElse(0), cdr.duration().orElse(0), cdr.channel(),
                            causes.getOrDefault(cdr.uniqueId(), "?"));
                    done.countDown();
                }
            });

            if (pbx.embedded()) {
                // Three calls of five (simulated) seconds: each answers, waits and hangs up, and its CDR is posted.
                for (int i = 0; i < calls; i++) {
                    pbx.server().originate(OriginateRequest.to("Local/short@test").application("Wait", "600").build());
                }
            }
            if (!done.await(pbx.intOption("seconds", 60), TimeUnit.SECONDS)) {
                System.out.println("(stopped after --seconds)");
            }
            subscription.close();
        }
    }
}
