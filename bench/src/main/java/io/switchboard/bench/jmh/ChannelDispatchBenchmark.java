package io.switchboard.bench.jmh;

import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;
import io.switchboard.ami.internal.EventBusAccess;
import io.switchboard.bench.Corpus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * What the reader thread spends publishing one event (the storm's first {@code Hangup}, decoded as the client
 * decodes it) to a bus that follows channels: with no subscription at all, with 1 and 2,000 channel
 * subscriptions ({@code AmiClient.onChannel}, an index), and with 2,000 predicate subscriptions doing the same
 * job the way a user would without {@code onChannel} (each reads {@code Channel} and compares the channel or its
 * endpoint; it ignores {@code DestChannel} and the like, so it is a lower bound for that approach). None of the
 * subscriptions follows the event's channel: what is measured is finding out, not delivering.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelDispatchBenchmark {
    static final int FOLLOWED = 2000;
    /** Never runs anything: no subscription matches, so no mailbox is ever scheduled. */
    private static final Executor NO_POOL = r -> {
        throw new IllegalStateException("a subscription matched: the benchmark measures misses only");
    };

    /** The event under test and a bus; the subclasses add the subscriptions. */
    @State(Scope.Thread)
    public static class Bus {
        final EventBusAccess bus = new EventBusAccess(NO_POOL);
        Packet hangup;
        long sequence;

        @Setup
        public void load() {
            byte[] raw = Corpus.load().events().stream()
                    .filter(e -> new String(e, 0, 14, StandardCharsets.US_ASCII).equals("Event: Hangup\r"))
                    .findFirst().orElseThrow();
            Packet[] out = new Packet[1];
            new PacketDecoder(DecoderLimits.DEFAULT, false, p -> out[0] = p).feed(raw);
            hangup = out[0];
            subscribe();
        }

        void subscribe() {
        }

        /** A channel name nobody in the storm uses, one per subscription. */
        static String followed(int i) {
            return "PJSIP/bench" + i;
        }
    }

    @State(Scope.Thread)
    public static class OneChannel extends Bus {
        @Override
        void subscribe() {
            bus.onChannel(followed(0), e -> { });
        }
    }

    @State(Scope.Thread)
    public static class Channels extends Bus {
        @Override
        void subscribe() {
            for (int i = 0; i < FOLLOWED; i++) {
                bus.onChannel(followed(i), e -> { });
            }
        }
    }

    @State(Scope.Thread)
    public static class Predicates extends Bus {
        @Override
        void subscribe() {
            for (int i = 0; i < FOLLOWED; i++) {
                String name = followed(i);
                bus.on(e -> namesChannel(e, name), e -> { });
            }
        }

        private static boolean namesChannel(Event e, String name) {
            String channel = e.get("Channel");
            if (channel == null) {
                return false;
            }
            int dash = channel.lastIndexOf('-');
            return channel.equalsIgnoreCase(name) || dash > 0 && channel.regionMatches(true, 0, name, 0, dash)
                    && name.length() == dash;
        }
    }

    @Benchmark
    public boolean noSubscriptions(Bus s) {
        return s.bus.publish(s.hangup, ++s.sequence);
    }

    @Benchmark
    public boolean oneChannel(OneChannel s) {
        return s.bus.publish(s.hangup, ++s.sequence);
    }

    @Benchmark
    public boolean channels2000(Channels s) {
        return s.bus.publish(s.hangup, ++s.sequence);
    }

    @Benchmark
    public boolean predicates2000(Predicates s) {
        return s.bus.publish(s.hangup, ++s.sequence);
    }
}
