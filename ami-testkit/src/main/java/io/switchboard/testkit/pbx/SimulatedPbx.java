package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The PBX behind FakeAsterisk: Local-channel calls through the lab dialplan (the one the golden transcripts were
 * recorded with), producing the events Asterisk 22 produces, with the same names, header sets and header order,
 * and answering the channel, bridge, queue, parking, recording, PJSIP, IAX2 peer, AstDB and config-file actions.
 *
 * <p><b>Threading.</b> All PBX state lives on one internal thread. {@link #handle} may be called from any thread;
 * it runs the action on that thread and returns once every reply packet was passed to the reply consumer (which
 * is invoked on the PBX thread). A synchronous Originate blocks its caller until the call is answered or fails,
 * as it blocks an Asterisk session. Events go to the broadcast consumer, also on the PBX thread, in order.
 * Events an action causes are broadcast after its replies (and before {@code handle} returns), as Asterisk
 * writes them; the events of a
 * synchronous Originate's call are broadcast while it is still blocked (a server that writes events from the
 * session thread, like Asterisk, therefore shows them after the response).
 *
 * <p><b>Time.</b> Dialplan waits are simulated seconds, each taking {@code timeScale} real seconds; CDR times,
 * durations and Uniqueid epochs follow the simulated clock.
 */
public final class SimulatedPbx implements CallEngine {
    private static final Set<String> ACTIONS = Set.of("originate", "coreshowchannels", "status", "getvar",
            "setvar", "hangup", "redirect", "queuestatus", "queuesummary", "queuepause", "parkedcalls",
            "parkinglots", "mixmonitor", "stopmixmonitor", "mixmonitormute", "park", "bridgelist", "bridgeinfo",
            "playdtmf", "queueadd", "queueremove", "pjsipshowendpoints", "pjsipshowcontacts", "getconfig",
            "updateconfig", "reload", "dbput", "dbget", "dbdel", "dbdeltree", "dbgettree", "getconfigjson", "bridge",
            "iaxpeers", "iaxpeerlist");

    private final Pbx pbx;
    private final Originator originator;
    private final ChannelActions channelActions;
    private final Cli cli;
    private final BridgeActions bridgeActions;
    private final Pjsip pjsip;
    private final AstDb astDb = new AstDb();
    private final Iax2 iax2 = new Iax2();
    private final LoadGenerator load;
    private final Set<Reply> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A PBX with the defaults: real-time (scale 1.0), system clock, lab dialplan. */
    public SimulatedPbx(Consumer<Packet> broadcast) {
        this(builder(), broadcast);
    }

    private SimulatedPbx(Builder b, Consumer<Packet> broadcast) {
        Objects.requireNonNull(broadcast, "broadcast");
        Dialplan dialplan = b.dialplan == null ? Dialplan.lab() : Dialplan.parse(b.dialplan);
        this.pbx = new Pbx(broadcast, b.timeScale, b.clock.instant(), b.clock.getZone(), b.systemName, b.seed,
                b.firstUniqueid, b.firstLocalId, dialplan);
        this.originator = new Originator(pbx);
        this.channelActions = new ChannelActions(pbx);
        this.cli = new Cli(pbx, originator);
        this.bridgeActions = new BridgeActions(pbx);
        this.pjsip = new Pjsip(pbx);
        this.load = new LoadGenerator(pbx, action -> dispatch(action, new Reply(p -> { }, action)));
    }

    /** Options for a PBX: time scale, clock, id counters, system name, random seed, dialplan. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public void handle(Packet action, Consumer<Packet> reply) {
        Reply r = new Reply(reply, action);
        if (closed) {
            r.error("Asterisk is shutting down");
            return;
        }
        if (pbx.onLoop()) {
            // Called from our own thread (a consumer calling back): run inline, a sync Originate cannot block.
            dispatch(action, r);
            return;
        }
        waiting.add(r);
        try {
            if (closed || !pbx.execute(() -> dispatch(action, r))) {
                r.error("Asterisk is shutting down");
                return;
            }
            r.done.join();
            r.dispatched.join();
        } finally {
            waiting.remove(r);
        }
    }

    private void dispatch(Packet action, Reply r) {
        String name = action.get("Action");
        name = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        pbx.deferEvents();
        try {
            switch (name) {
                case "originate" -> originator.action(action, r);
                case "coreshowchannels" -> channelActions.coreShowChannels(r);
                case "status" -> channelActions.status(action, r);
                case "getvar" -> channelActions.getvar(action, r);
                case "setvar" -> channelActions.setvar(action, r);
                case "hangup" -> channelActions.hangup(action, r);
                case "redirect" -> channelActions.redirect(action, r);
                case "queuestatus" -> pbx.queues.statusAction(action, r);
                case "queuesummary" -> pbx.queues.summaryAction(action, r);
                case "queuepause" -> pbx.queues.pauseAction(action, r);
                case "parkedcalls" -> pbx.parking.parkedCallsAction(action, r);
                case "parkinglots" -> pbx.parking.parkinglotsAction(r);
                case "mixmonitor" -> pbx.runner.mixMonitors().mixMonitorAction(action, r);
                case "stopmixmonitor" -> pbx.runner.mixMonitors().stopAction(action, r);
                case "mixmonitormute" -> pbx.runner.mixMonitors().muteAction(action, r);
                case "park" -> pbx.parking.parkAction(action, r);
                case "bridgelist" -> bridgeActions.bridgeList(action, r);
                case "bridgeinfo" -> bridgeActions.bridgeInfo(action, r);
                case "playdtmf" -> bridgeActions.playDtmf(action, r);
                case "queueadd" -> pbx.queues.addAction(action, r);
                case "queueremove" -> pbx.queues.removeAction(action, r);
                case "pjsipshowendpoints" -> pjsip.showEndpoints(r);
                case "pjsipshowcontacts" -> pjsip.showContacts(r);
                case "getconfig" -> pbx.config.getConfig(action, r);
                case "updateconfig" -> pbx.config.updateConfig(action, r);
                case "reload" -> pbx.config.reloadAction(action, r);
                case "dbput" -> astDb.put(action, r);
                case "dbget" -> astDb.get(action, r);
                case "dbdel" -> astDb.del(action, r);
                case "dbdeltree" -> astDb.delTree(action, r);
                case "dbgettree" -> astDb.getTree(action, r);
                case "getconfigjson" -> pbx.config.getConfigJson(action, r);
                case "bridge" -> bridgeActions.bridge(action, r);
                case "iaxpeers" -> iax2.peers(r);
                case "iaxpeerlist" -> iax2.peerList(r);
                default -> r.error("Invalid/unknown command: " + action.get("Action")
                        + ". Use Action: ListCommands to show available commands.");
            }
        } catch (RuntimeException e) {
            if (!r.finished()) {
                r.error("Internal error: " + e.getMessage());
            }
        } finally {
            pbx.flushDeferred();
            r.dispatched.complete(null);
        }
    }

    /** Stops the PBX thread; a synchronous Originate still waiting is answered "Originate failed". */
    @Override
    public void close() {
        closed = true;
        pbx.shutdown();
        for (Reply r : new ArrayList<>(waiting)) {
            if (!r.finished()) {
                try {
                    r.error("Originate failed");
                } catch (RuntimeException e) {
                    // the requesting session is gone already; nobody is left to answer
                }
            }
            r.dispatched.complete(null);
        }
    }

    // ---- helpers for tests, FakeAsterisk and demos ----

    /** A snapshot of the live channels, in creation order. */
    public List<ChannelInfo> channels() {
        return onLoop(() -> {
            long now = pbx.nowMillis();
            List<ChannelInfo> out = new ArrayList<>();
            for (SimChannel c : pbx.channels.values()) {
                out.add(new ChannelInfo(c.name, c.uniqueid, c.linkedid, c.state.desc, c.cidNum, c.cidName,
                        c.context, c.exten, c.priority, c.application, c.appData,
                        c.bridge == null ? "" : c.bridge.uniqueid, c.vars, (now - c.createdMillis) / 1000));
            }
            return out;
        });
    }

    /** Hangs a channel up as the AMI Hangup action does; false if there is no such channel. */
    public boolean hangup(String channelName, int cause) {
        return onLoop(() -> {
            SimChannel c = pbx.find(channelName);
            if (c == null) {
                return false;
            }
            pbx.calls.hangup(c, cause);
            return true;
        });
    }

    /**
     * Sends a channel elsewhere in the dialplan as the AMI Redirect action does (out of its bridge, then the
     * dialplan at the new place); false if there is no such channel. For tests that change a call behind a
     * client's back, e.g. while it is disconnected.
     */
    public boolean redirect(String channelName, String context, String exten, int priority) {
        return onLoop(() -> {
            SimChannel c = pbx.find(channelName);
            if (c == null) {
                return false;
            }
            pbx.calls.unbridge(c);
            pbx.runner.jump(c, context, exten, priority);
            return true;
        });
    }

    /**
     * Output lines of a channel-related CLI command ({@code core show channels [concise|count]},
     * {@code channel originate ...}, {@code channel request hangup <channel>|all}), or empty if the command is
     * not one of those. FakeAsterisk's Command action can call this first and answer other commands itself.
     */
    @Override
    public Optional<List<String>> cliOutput(String command) {
        return onLoop(() -> cli.run(command));
    }

    /**
     * Starts a call as {@code channel originate <channel> application <application> <data>} does on the CLI
     * (no OriginateResponse, no caller ID). Returns at once.
     */
    public void cliOriginate(String channel, String application, String data) {
        cliOutput("channel originate " + channel + " application " + application + (data == null ? "" : " " + data));
    }

    /** {@code channel request hangup all}: every channel gets SoftHangupRequest and is torn down. */
    public void hangupAll() {
        cliOutput("channel request hangup all");
    }

    /**
     * Simulated calls: {@code calls} async Originates with the mix of the recorded event storm (short calls,
     * bridged calls, queue and recorded calls, busy/congested/rejected ones), {@code perSecond} per simulated
     * second. Their events, OriginateResponses included (ActionIDs {@code sim-N}), go to the broadcast consumer.
     */
    public void simulateCalls(int calls, double perSecond) {
        if (calls < 0 || perSecond <= 0) {
            throw new IllegalArgumentException("calls must be >= 0 and perSecond > 0");
        }
        pbx.execute(() -> load.calls(calls, perSecond));
    }

    /** Starts continuous simulated traffic at {@code perSecond} calls per simulated second; close to stop. */
    public AutoCloseable simulateTraffic(double perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("perSecond must be > 0");
        }
        return load.continuous(perSecond);
    }

    /**
     * Starts call-center traffic (queues, agents, transfers, parking, recordings, failures) on this PBX; see
     * {@link CallCenterTraffic}. Needs the lab dialplan (the default), which holds its {@code callcenter}
     * contexts. Close the returned handle to stop new arrivals.
     *
     * @throws IllegalStateException if the dialplan has no {@code callcenter} context, or the PBX is closed
     */
    public CallCenterTraffic startCallCenter(CallCenterTraffic.Options options) {
        Objects.requireNonNull(options, "options");
        if (!pbx.dialplan.hasContext("callcenter") || !pbx.dialplan.hasContext("cc-agents")) {
            throw new IllegalStateException("call-center traffic needs the lab dialplan's callcenter contexts");
        }
        CallCenterTraffic traffic = new CallCenterTraffic(pbx,
                action -> dispatch(action, new Reply(p -> { }, action)), options);
        if (closed || !pbx.execute(traffic::start)) {
            throw new IllegalStateException("SimulatedPbx is closed");
        }
        return traffic;
    }

    /** How many internal PBX tasks threw an exception (each is logged); 0 unless the simulation has a bug. */
    public long failedTasks() {
        return pbx.failedTasks();
    }

    private <T> T onLoop(Supplier<T> work) {
        if (pbx.onLoop()) {
            return work.get();
        }
        if (closed) {
            throw new IllegalStateException("SimulatedPbx is closed");
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        boolean queued = pbx.execute(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        if (!queued) {
            throw new IllegalStateException("SimulatedPbx is closed");
        }
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("PBX thread did not answer", e);
        }
    }

    /**
     * Options for {@link SimulatedPbx}. Defaults: time scale 1.0, the system clock, Uniqueid and Local counters
     * from 0, no system name, seed 4242, the lab dialplan.
     */
    public static final class Builder {
        private double timeScale = 1.0;
        private Clock clock = Clock.systemDefaultZone();
        private int firstUniqueid;
        private int firstLocalId;
        private String systemName;
        private long seed = 4242;
        private String dialplan;

        private Builder() {
        }

        /** Real seconds per simulated second: 0.01 makes {@code Wait(10)} take 100 ms. */
        public Builder timeScale(double scale) {
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("time scale must be > 0");
            }
            this.timeScale = scale;
            return this;
        }

        /** Where simulated time starts (its instant) and the zone of CDR times; a fixed clock gives stable ids. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The counter after the dot of the first Uniqueid ({@code <epoch>.<n>}). */
        public Builder firstUniqueid(int n) {
            this.firstUniqueid = n;
            return this;
        }

        /** The sequence number of the first Local channel ({@code Local/x@y-0000000n;1}). */
        public Builder firstLocalId(int n) {
            this.firstLocalId = n;
            return this;
        }

        /** Asterisk's {@code systemname}: adds {@code SystemName} to events and prefixes Uniqueids. */
        public Builder systemName(String name) {
            this.systemName = name == null || name.isEmpty() ? null : name;
            return this;
        }

        /** Seed of the PBX's randomness (RAND(), load mix, bridge ids). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A dialplan in extensions.conf syntax instead of the lab dialplan. */
        public Builder dialplan(String extensionsConf) {
            this.dialplan = Objects.requireNonNull(extensionsConf, "extensionsConf");
            return this;
        }

        public SimulatedPbx build(Consumer<Packet> broadcast) {
            return new SimulatedPbx(this, broadcast);
        }
    }
}
