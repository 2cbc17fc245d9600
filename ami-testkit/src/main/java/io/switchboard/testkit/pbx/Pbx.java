package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The PBX state and its single thread ({@link SimLoop}). Every piece of state (channels, bridges, queues,
 * variables) is touched only on that thread, which needs no locks and makes the simulation deterministic in
 * simulated time: actions from AMI sessions and timers of running applications are all tasks on the same loop.
 *
 * <p>Time is simulated: one simulated second takes {@code timeScale} real seconds, and the simulated clock
 * (CDR times, Uniqueid epochs, durations) runs {@code 1 / timeScale} times faster than the wall clock.
 */
final class Pbx {
    private static final Logger LOG = LoggerFactory.getLogger(Pbx.class);
    private static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    final double timeScale;
    private final Instant epoch;
    private final ZoneId zone;
    final String systemName;
    final Random random;
    final Dialplan dialplan;
    final Map<String, String> globals = new LinkedHashMap<>();
    final Events ev;

    private final SimLoop loop;
    private final java.util.concurrent.atomic.AtomicLong failedTasks = new java.util.concurrent.atomic.AtomicLong();
    private final Consumer<Packet> broadcast;
    /** Events raised while an action runs wait here, so they follow the action's reply as on a real server. */
    private List<Packet> deferred;

    /** Live channels by name, in creation order. */
    final Map<String, SimChannel> channels = new LinkedHashMap<>();
    /** Live bridges by BridgeUniqueid, in creation order (BridgeList). */
    final Map<String, Bridge> bridges = new LinkedHashMap<>();
    private int uniqueCounter;
    private int localCounter;
    private final Map<String, Integer> techCounters = new LinkedHashMap<>();
    long callsProcessed;

    final Calls calls;
    final Runner runner;
    final Queues queues;
    final Parking parking;
    final ConfigStore config;

    Pbx(Consumer<Packet> broadcast, double timeScale, Instant epoch, ZoneId zone, String systemName, long seed,
        int firstUniqueid, int firstLocalId, Dialplan dialplan) {
        this.broadcast = broadcast;
        this.timeScale = timeScale;
        this.epoch = epoch;
        this.zone = zone;
        this.systemName = systemName;
        this.random = new Random(seed);
        this.uniqueCounter = firstUniqueid;
        this.localCounter = firstLocalId;
        this.dialplan = dialplan;
        this.globals.putAll(dialplan.globals());
        this.ev = new Events(this, systemName);
        this.loop = new SimLoop(timeScale, "simulated-pbx");
        this.calls = new Calls(this);
        this.runner = new Runner(this);
        this.queues = new Queues(this);
        this.parking = new Parking(this);
        this.config = new ConfigStore();
    }

    // ---- the loop ----

    boolean onLoop() {
        return loop.onLoop();
    }

    /** Queues a task; false once the PBX is shut down. */
    boolean execute(Runnable task) {
        return loop.schedule(0, guard(task)) != null;
    }

    /** Runs {@code task} after {@code simSeconds} of simulated time. */
    Future<?> schedule(double simSeconds, Runnable task) {
        return loop.schedule((long) Math.max(0, simSeconds * 1e9), guard(task));
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failedTasks.incrementAndGet();
                LOG.warn("simulated PBX task failed", e);
            }
        };
    }

    /** How many loop tasks threw (each was logged); a simulation bug shows here, e.g. in tests. */
    long failedTasks() {
        return failedTasks.get();
    }

    /** Stops timers and the thread; waits briefly so no event is broadcast after this returns. */
    void shutdown() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- events ----

    void emit(Packet event) {
        if (deferred != null) {
            deferred.add(event);
            return;
        }
        try {
            broadcast.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("broadcast consumer failed on {}", event.name(), e);
        }
    }

    /** From now on, hold events back until {@link #flushDeferred()}. */
    void deferEvents() {
        deferred = new ArrayList<>();
    }

    void flushDeferred() {
        List<Packet> held = deferred;
        deferred = null;
        if (held != null) {
            held.forEach(this::emit);
        }
    }

    // ---- time and ids ----

    /** The simulated wall clock: the start instant plus the simulated time of the task running now. */
    long nowMillis() {
        return epoch.toEpochMilli() + loop.simNanos() / 1_000_000;
    }

    String cdrTime(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), zone).format(CDR_TIME);
    }

    String newUniqueid() {
        String id = (nowMillis() / 1000) + "." + uniqueCounter++;
        return systemName == null ? id : systemName + "-" + id;
    }

    /** The next Local channel sequence number, as the 8 hex digits Asterisk puts in the name. */
    String nextLocalId() {
        return String.format("%08x", localCounter++);
    }

    String nextTechId(String tech) {
        int n = techCounters.merge(tech, 1, Integer::sum) - 1;
        return String.format("%08x", n);
    }

    String newBridgeId() {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    // ---- channels ----

    SimChannel register(SimChannel c) {
        channels.put(c.name, c);
        return c;
    }

    void unregister(SimChannel c) {
        channels.remove(c.name);
    }

    /** A channel by exact name (case-insensitive, as ast_channel_get_by_name) or by Uniqueid. */
    SimChannel find(String nameOrId) {
        if (nameOrId == null || nameOrId.isEmpty()) {
            return null;
        }
        SimChannel c = channels.get(nameOrId);
        if (c != null) {
            return c;
        }
        for (SimChannel ch : channels.values()) {
            if (ch.name.equalsIgnoreCase(nameOrId) || ch.uniqueid.equals(nameOrId)) {
                return ch;
            }
        }
        return null;
    }

    boolean uniqueidInUse(String id) {
        for (SimChannel ch : channels.values()) {
            if (ch.uniqueid.equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** The state a device reports: INVALID for a Local channel to nowhere, INUSE while any channel uses it. */
    String deviceState(String device) {
        if (device.startsWith("Local/")) {
            String target = device.substring(6);
            int at = target.indexOf('@');
            if (at > 0 && !dialplan.exists(target.substring(at + 1), target.substring(0, at))) {
                return "INVALID";
            }
        }
        for (SimChannel c : channels.values()) {
            if (device.equals(c.device) && c.alive) {
                return c.state == ChanState.RINGING ? "RINGING" : "INUSE";
            }
        }
        return "NOT_INUSE";
    }
}
