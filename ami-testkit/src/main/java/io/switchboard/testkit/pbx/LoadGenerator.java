package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Realistic simulated traffic: async Originates with the mix of the recorded event storm (short calls with
 * user events and playback, bridged calls, queue calls, recorded calls, and busy/congested/rejected ones).
 */
final class LoadGenerator {
    /** Destination, originate style and weight (the storm's counts out of 300). */
    private static final Object[][] MIX = {
        {"Local/storm@test", "exten", 87},
        {"Local/stormbridge@test", "app", 98},
        {"Local/stormq@test", "app", 41},
        {"Local/stormmix@test", "app", 27},
        {"Local/hangup@test", "app", 17},
        {"Local/busy@test", "app", 16},
        {"Local/congestion@test", "app", 14},
    };
    private static final int TOTAL_WEIGHT = 300;

    private final Pbx pbx;
    private final Consumer<Packet> dispatcher;
    /** Its own generator, so the mix does not depend on how many RAND() calls the dialplan made meanwhile. */
    private final java.util.Random random;
    private int sequence;

    /** @param dispatcher runs an action on the loop thread, its replies discarded */
    LoadGenerator(Pbx pbx, Consumer<Packet> dispatcher) {
        this.pbx = pbx;
        this.dispatcher = dispatcher;
        this.random = new java.util.Random(pbx.random.nextLong());
    }

    /** Schedules {@code n} calls, {@code perSecond} of them per simulated second. */
    void calls(int n, double perSecond) {
        for (int i = 0; i < n; i++) {
            pbx.schedule(i / perSecond, this::one);
        }
    }

    /** Starts calls at {@code perSecond} until the returned handle is closed. */
    AutoCloseable continuous(double perSecond) {
        AtomicBoolean stopped = new AtomicBoolean();
        Future<?>[] next = new Future<?>[1];
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (stopped.get()) {
                return;
            }
            one();
            next[0] = pbx.schedule(1 / perSecond, tick[0]);
        };
        pbx.execute(tick[0]);
        return () -> {
            stopped.set(true);
            Future<?> f = next[0];
            if (f != null) {
                f.cancel(false);
            }
        };
    }

    private void one() {
        int pick = random.nextInt(TOTAL_WEIGHT);
        Object[] dest = MIX[0];
        for (Object[] row : MIX) {
            pick -= (Integer) row[2];
            if (pick < 0) {
                dest = row;
                break;
            }
        }
        int n = sequence++;
        Packet.Builder b = Packet.builder().add("Action", "Originate").add("ActionID", "sim-" + n)
                .add("Channel", (String) dest[0]);
        if (dest[1].equals("exten")) {
            b.add("Context", "test").add("Exten", "stormleg").add("Priority", "1");
        } else {
            b.add("Application", "Wait").add("Data", Integer.toString(1 + random.nextInt(5)));
        }
        b.add("Async", "true").add("CallerID", "\"Sim " + n + "\" <" + (6000 + n % 4000) + ">");
        dispatcher.accept(b.build());
    }
}
