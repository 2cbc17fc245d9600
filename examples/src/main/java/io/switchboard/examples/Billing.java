package io.switchboard.examples;

import io.switchboard.ami.typed.TypedEvent;
import io.switchboard.ami.typed.TypedEvents;
import io.switchboard.ami.typed.events.CdrEvent;
import io.switchboard.ami.typed.events.HangupEvent;
import io.switchboard.live.CallerId;
import io.switchboard.live.OriginateRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Billing from events: prints one line per finished call with its billable seconds, from the typed
 * {@link CdrEvent} (Asterisk posts one per answered call leg when cdr_manager is enabled; a call through a Local
 * channel has two legs, {@code ;1} and {@code ;2}), together with the hangup cause seen in the
 * {@link HangupEvent} of the same channel.
 *
 * <p>Runs until {@code --records N} lines were printed or {@code --seconds S} passed (default: unlimited, 60 s).
 * The embedded PBX places {@code --calls N} short calls (default 2), and then stops after their 2N records.
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
            int calls = pbx.embedded() ? pbx.intOption("calls", 2) : 0;
            CountDownLatch done = new CountDownLatch(pbx.intOption("records", calls > 0 ? 2 * calls : Integer.MAX_VALUE));
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
                // Calls of five (simulated) seconds: each answers, waits and hangs up, and its CDRs are posted.
                for (int i = 0; i < calls; i++) {
                    pbx.server().originate(OriginateRequest.to("Local/short@test").application("Wait", "600")
                            .callerId(new CallerId("Billing demo", "20" + i)).build());
                }
            }
            if (!done.await(pbx.intOption("seconds", 60), TimeUnit.SECONDS)) {
                System.out.println("(stopped after --seconds)");
            }
            subscription.close();
        }
    }
}
