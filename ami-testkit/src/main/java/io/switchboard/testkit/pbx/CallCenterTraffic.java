package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Call-center traffic on a {@link SimulatedPbx}: calls arrive at random (exponential gaps, so a Poisson process
 * at the configured rate) and each follows one of the {@link Flow}s: it waits in the {@code sales} or
 * {@code support} queue until one of the agents answers (after a few seconds of ringing) or the caller gives up,
 * rings a desk agent directly, is blind-transferred to a second agent, is parked and then picked up or comes
 * back after the park timeout, is recorded, or fails (busy, congestion, no answer). Conversations last 10 to
 * 120 simulated seconds; run the PBX with a small {@link SimulatedPbx.Builder#timeScale time scale} to make the
 * same traffic go faster.
 *
 * <p>Every call goes through the PBX's ordinary paths (an async Originate of
 * {@code Local/<extension>@callcenter}, the {@code callcenter} dialplan, and the AMI Redirect, MixMonitor,
 * StopMixMonitor and Originate actions for what the people in the call do), so its events are exactly those
 * the simulator emits for any call: Newchannel, Newstate, DialBegin/DialEnd, Bridge*, QueueCallerJoin/Leave/
 * Abandon, AgentCalled/AgentConnect/AgentComplete, ParkedCall/UnParkedCall/ParkedCallTimeOut,
 * MixMonitorStart/Stop, Hangup with its cause, and Cdr. OriginateResponses carry ActionIDs {@code cc-N}.
 *
 * <p>Deterministic: with the same {@link Options#seed() seed} and PBX seed the same calls happen in the same
 * simulated order. Start it with {@link SimulatedPbx#startCallCenter(Options)}; {@link #close()} stops new
 * arrivals (calls in progress finish normally). Thread-safe.
 */
public final class CallCenterTraffic implements AutoCloseable {
    /** What a simulated call is meant to do; the queue flows may still end either way (answered or abandoned). */
    public enum Flow {
        /** Waits in the sales queue; answered by an agent, or the caller hangs up first. */
        SALES_QUEUE(22, "500"),
        /** Waits in the support queue; answered by an agent, or the caller hangs up first. */
        SUPPORT_QUEUE(22, "600"),
        /** The support queue with the whole call recorded (MixMonitor from the dialplan). */
        RECORDED_QUEUE(8, "601"),
        /** Rings a desk agent (PJSIP/2XX) directly; some of these are recorded on demand part of the way. */
        DIRECT(14, null),
        /** Answered by a desk agent, then blind-transferred (Redirect) to another (PJSIP/3XX). */
        TRANSFER(8, null),
        /** Parked by the receptionist, then picked up from the parking space by an agent. */
        PARK_PICKUP(5, "park"),
        /** Parked by the receptionist, nobody picks up: it times out and rings the operator. */
        PARK_TIMEOUT(4, "park"),
        /** The dialled line is busy. */
        BUSY(7, "busy"),
        /** The trunk is congested. */
        CONGESTION(5, "congestion"),
        /** The dialled agent does not answer. */
        NO_ANSWER(5, "noanswer");

        final int weight;
        final String exten;

        Flow(int weight, String exten) {
            this.weight = weight;
            this.exten = exten;
        }
    }

    /** Queue members: name and interface (a Local channel into {@code cc-agents}, which rings, then answers). */
    private static final List<String[]> SALES_AGENTS = List.of(
            new String[] {"Ada Sales", "Local/1001@cc-agents/n"},
            new String[] {"Ben Sales", "Local/1002@cc-agents/n"},
            new String[] {"Cleo Sales", "Local/1003@cc-agents/n"});
    private static final List<String[]> SUPPORT_AGENTS = List.of(
            new String[] {"Dan Support", "Local/1011@cc-agents/n"},
            new String[] {"Eve Support", "Local/1012@cc-agents/n"},
            new String[] {"Finn Support", "Local/1013@cc-agents/n"},
            new String[] {"Gus Support", "Local/1014@cc-agents/n"});
    private static final String[] NAMES = {"Olivia Hart", "Noah Berg", "Mia Costa", "Liam Duval", "Ava Novak",
        "Lucas Moreau", "Emma Weiss", "Hugo Lind", "Zoe Park", "Omar Haddad", "Ines Ruiz", "Theo Marsh"};
    private static final int TOTAL_WEIGHT;

    static {
        int w = 0;
        for (Flow f : Flow.values()) {
            w += f.weight;
        }
        TOTAL_WEIGHT = w;
    }

    private final Pbx pbx;
    private final Consumer<Packet> dispatcher;
    private final Options options;
    /** Its own generator: the plan of each call does not depend on RAND() calls the dialplan made meanwhile. */
    private final Random random;
    private final Map<Flow, Integer> planned = new EnumMap<>(Flow.class);
    private int started;
    private boolean stopped;
    private Future<?> next;

    CallCenterTraffic(Pbx pbx, Consumer<Packet> dispatcher, Options options) {
        this.pbx = pbx;
        this.dispatcher = dispatcher;
        this.options = options;
        this.random = new Random(options.seed());
    }

    /** Adds the queues and schedules the first arrival; on the loop thread. */
    void start() {
        pbx.queues.addQueue("sales", "rrmemory", SALES_AGENTS);
        pbx.queues.addQueue("support", "rrmemory", SUPPORT_AGENTS);
        arrive();
    }

    /** Calls started so far. */
    public synchronized int started() {
        return started;
    }

    /** How many calls were started with each flow so far. */
    public synchronized Map<Flow, Integer> planned() {
        return Collections.unmodifiableMap(new EnumMap<>(planned));
    }

    /** Whether no more calls will start ({@link Options#maxCalls()} reached or closed). */
    public synchronized boolean arrivalsDone() {
        return stopped;
    }

    /** Stops new arrivals; calls in progress go on to their end. Idempotent. */
    @Override
    public synchronized void close() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private void arrive() {
        int n;
        synchronized (this) {
            if (stopped) {
                return;
            }
            n = started++;
            if (options.maxCalls() > 0 && started >= options.maxCalls()) {
                stopped = true;
            }
        }
        one(n);
        if (arrivalsDone()) {
            return;
        }
        // Exponential gaps between arrivals: a Poisson process at callsPerMinute.
        double gap = -Math.log(1 - random.nextDouble()) * 60 / options.callsPerMinute();
        Future<?> f = pbx.schedule(gap, this::arrive);
        synchronized (this) {
            next = f;
        }
    }

    private void one(int n) {
        Flow flow = pick();
        synchronized (this) {
            planned.merge(flow, 1, Integer::sum);
        }
        String id = Integer.toString(n);
        int talk = talkSeconds();
        // What the caller's phone (the ;1 half) does once connected: wait this long, then hang up.
        double patience;
        String exten = flow.exten;
        String parkTimeout = "45";
        switch (flow) {
            case SALES_QUEUE, SUPPORT_QUEUE, RECORDED_QUEUE ->
                // One caller in five is impatient and hangs up within a minute if nobody answers.
                patience = random.nextInt(5) == 0 ? 15 + random.nextInt(45) : 900;
            case DIRECT -> {
                exten = desk(2);
                patience = 1 + talk;
                if (random.nextInt(10) < 3) {
                    // The agent starts recording a few seconds in and stops it half-way through.
                    later(3, id, c -> action("MixMonitor", "Channel", c.name, "File", "cc-ondemand-" + id + ".wav"));
                    later(3 + talk / 2.0, id, c -> action("StopMixMonitor", "Channel", c.name));
                }
            }
            case TRANSFER -> {
                exten = desk(2);
                int before = 5 + random.nextInt(30);
                patience = 1 + before + 1 + talk;
                String to = desk(3);
                later(1 + before, id, c -> action("Redirect", "Channel", c.name, "Context", "callcenter",
                        "Exten", to, "Priority", "1"));
            }
            case PARK_PICKUP -> {
                int wait = 8 + random.nextInt(25);
                patience = 3 + wait + talk;
                String agent = "PJSIP/" + desk(2);
                later(3 + wait, id, c -> {
                    int space = pbx.parking.spaceOf(c);
                    if (space > 0) {
                        action("Originate", "Channel", agent, "Application", "ParkedCall",
                                "Data", "default," + space, "Async", "true", "ActionID", "cc-pickup-" + id);
                    }
                });
            }
            case PARK_TIMEOUT -> {
                int timeout = 20 + random.nextInt(25);
                parkTimeout = Integer.toString(timeout);
                patience = 3 + timeout + 1 + talk;
            }
            default -> patience = 5;
        }
        String name = NAMES[random.nextInt(NAMES.length)];
        String number = String.format("0207946%04d", random.nextInt(10000));
        dispatcher.accept(Packet.builder().add("Action", "Originate").add("ActionID", "cc-" + id)
                .add("Channel", "Local/" + exten + "@callcenter").add("Application", "Wait")
                .add("Data", Long.toString(Math.round(patience))).add("CallerID", "\"" + name + "\" <" + number + ">")
                .add("Variable", "CCCALL=" + id).add("Variable", "PARKT=" + parkTimeout)
                .add("Async", "true").build());
    }

    private Flow pick() {
        int p = random.nextInt(TOTAL_WEIGHT);
        for (Flow f : Flow.values()) {
            p -= f.weight;
            if (p < 0) {
                return f;
            }
        }
        return Flow.SALES_QUEUE;
    }

    /** Conversation length: 10 to 120 s, most calls short (the sum of two uniform draws leans to the middle). */
    private int talkSeconds() {
        return 10 + (random.nextInt(56) + random.nextInt(56));
    }

    /** A desk extension: {@code prefix}01 to {@code prefix}09. */
    private String desk(int prefix) {
        return prefix + "0" + (1 + random.nextInt(9));
    }

    /** After {@code seconds}, runs {@code what} on the PBX side (the ;2 half) of call {@code id}, if it still exists. */
    private void later(double seconds, String id, Consumer<SimChannel> what) {
        pbx.schedule(seconds, () -> {
            SimChannel c = pbxSide(id);
            if (c != null) {
                what.accept(c);
            }
        });
    }

    private SimChannel pbxSide(String id) {
        for (SimChannel c : pbx.channels.values()) {
            if (c.alive && c.half == 2 && id.equals(c.vars.get("CCCALL"))) {
                return c;
            }
        }
        return null;
    }

    private void action(String name, String... headers) {
        Packet.Builder b = Packet.builder().add("Action", name);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.add(headers[i], headers[i + 1]);
        }
        dispatcher.accept(b.build());
    }

    /**
     * The traffic's settings. Defaults: 12 calls a minute, seed 1, no limit on the number of calls.
     *
     * @param callsPerMinute mean arrival rate, in calls per simulated minute (above 0)
     * @param seed           seed of the call plans (which flow, how long, who calls)
     * @param maxCalls       stop after this many calls; 0 for no limit
     */
    public record Options(double callsPerMinute, long seed, int maxCalls) {
        /** The default arrival rate. */
        public static final double DEFAULT_CALLS_PER_MINUTE = 12;

        /** Validates: a positive, finite rate and a maxCalls not below 0. */
        public Options {
            if (!(callsPerMinute > 0) || Double.isInfinite(callsPerMinute)) {
                throw new IllegalArgumentException("callsPerMinute must be a positive number");
            }
            if (maxCalls < 0) {
                throw new IllegalArgumentException("maxCalls must be >= 0");
            }
        }

        /** The defaults: 12 calls a minute, seed 1, unlimited. */
        public static Options defaults() {
            return new Options(DEFAULT_CALLS_PER_MINUTE, 1, 0);
        }

        /** These options with another rate. */
        public Options withCallsPerMinute(double rate) {
            return new Options(rate, seed, maxCalls);
        }

        /** These options with another seed. */
        public Options withSeed(long newSeed) {
            return new Options(callsPerMinute, newSeed, maxCalls);
        }

        /** These options with a limit on the number of calls (0: none). */
        public Options withMaxCalls(int max) {
            return new Options(callsPerMinute, seed, max);
        }

        @Override
        public String toString() {
            return "CallCenterTraffic.Options{" + callsPerMinute + "/min, seed " + seed
                    + (maxCalls > 0 ? ", " + maxCalls + " calls" : "") + "}";
        }
    }
}
