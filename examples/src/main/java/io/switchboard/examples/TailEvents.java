package io.switchboard.examples;

import io.switchboard.ami.typed.ChannelSnapshot;
import io.switchboard.ami.typed.TypedEvent;
import io.switchboard.ami.typed.TypedEvents;
import io.switchboard.ami.typed.events.DialEndEvent;
import io.switchboard.ami.typed.events.HangupEvent;
import io.switchboard.ami.typed.events.NewstateEvent;
import io.switchboard.live.OriginateRequest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tails the event stream, typed and filtered: only the event names given with {@code --events} (comma
 * separated; default the call events below), each printed from its generated class. Stops after
 * {@code --count N} events or {@code --seconds S}.
 *
 * <p>On the embedded PBX it places one short call so there is something to see.
 *
 * <pre>
 * java -cp ... io.switchboard.examples.TailEvents --count 8
 * SWITCHBOARD_SECRET=... java -cp ... io.switchboard.examples.TailEvents --host pbx --user admin --events Hangup,DialEnd
 * </pre>
 */
public final class TailEvents {
    private TailEvents() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            List<String> names = Arrays.asList(pbx.option("events", "Newchannel,Newstate,DialEnd,Hangup").split(","));
            CountDownLatch enough = new CountDownLatch(pbx.intOption("count", Integer.MAX_VALUE));

            var subscription = pbx.client().on(names, event -> {
                if (enough.getCount() > 0) {
                    System.out.println(describe(TypedEvents.of(event)));
                    enough.countDown();
                }
            });
            if (pbx.embedded()) {
                pbx.server().originate(OriginateRequest.to("Local/short@test").application("Wait", "600").build());
            }
            enough.await(pbx.intOption("seconds", 60), TimeUnit.SECONDS);
            subscription.close();
        }
    }

    /** One line per event: its name, the channel it is about, and what matters for its type. */
    static String describe(TypedEvent event) {
        StringBuilder line = new StringBuilder(event.name());
        if (event instanceof DialEndEvent d) {
            // The caller's block is absent when the dial was an Originate: only the destination is certain.
            return line.append(' ').append(d.hasChannel() ? d.channel() : "(originate)").append(" -> ")
                    .append(d.dest().channel()).append(' ').append(d.dialStatus()).toString();
        }
        List<ChannelSnapshot> channels = event.channels();
        if (!channels.isEmpty()) {
            line.append(' ').append(channels.get(0).channel());
        }
        // Pattern matching on the generated classes: typed accessors instead of header strings.
        if (event instanceof NewstateEvent s) {
            line.append(" -> ").append(s.channelStateDesc());
        } else if (event instanceof HangupEvent h) {
            line.append(" cause ").append(h.cause().orElse(0)).append(' ').append(h.causeTxt());
        } else if (!channels.isEmpty()) {
            line.append(" (").append(channels.get(0).channelStateDesc()).append(')');
        }
        return line.toString();
    }
}
