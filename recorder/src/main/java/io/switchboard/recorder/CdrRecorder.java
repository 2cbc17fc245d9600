package io.switchboard.recorder;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.Event;
import io.switchboard.recorder.internal.Attachment;
import io.switchboard.recorder.internal.Database;
import io.switchboard.recorder.internal.Op;
import io.switchboard.recorder.internal.OpenChannel;
import io.switchboard.recorder.internal.ServerTracker;
import io.switchboard.recorder.internal.Spool;
import io.switchboard.recorder.internal.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The billing recorder: turns the calls of one or more Asterisk servers into {@link CdrRecord}s in a SQLite or
 * PostgreSQL database, none lost and none twice.
 *
 * <pre>{@code
 * try (CdrRecorder recorder = CdrRecorder.builder().jdbcUrl("jdbc:sqlite:cdr.db")
 *         .spoolDirectory(Path.of("cdr-spool")).start();
 *      AutoCloseable pbx1 = recorder.attach("pbx1", client)) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Every change (a record, a channel opening or answering) is first appended to a durable spool, then
 * written to the database in batches by one writer thread, and released from the spool once committed. While
 * the database is unreachable the spool grows (up to its bound, then ingestion blocks: TCP backpressure on the
 * AMI connection) and the writer retries with backoff. A restart replays the spool; writes are idempotent on
 * (server, uniqueid). After an AMI reconnect (and at attach) the open channels are compared with
 * {@code CoreShowChannels} and those that ended during the gap are written as {@code RECONCILED}.
 * See the module README for the exact rules and limits.
 */
public final class CdrRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CdrRecorder.class);

    private final Builder config;
    private final Database db;
    private final Spool spool;
    private final Writer writer;
    private final Map<String, ServerTracker> trackers = new ConcurrentHashMap<>();
    private final Set<Attachment> attachments = ConcurrentHashMap.newKeySet();
    private final Map<String, List<OpenChannel>> recoveredOpen;
    private final Set<String> cdrServers;
    private final ScheduledExecutorService ticker;
    private final ExecutorService reconciler;
    private final AtomicLong spooled = new AtomicLong();
    private final Object appendLock = new Object();
    private volatile boolean closed;
    /** 0 while running; once close() began, when it gives up waiting for the spool. */
    private volatile long closeDeadlineNanos;

    private CdrRecorder(Builder b) throws SQLException, java.io.IOException {
        this.config = b;
        this.db = new Database(b.jdbcUrl, b.user, b.password);
        db.migrate();
        this.spool = new Spool(b.spoolDirectory, b.maxSpoolBytes, b.segmentBytes);
        this.writer = new Writer(db, spool, b.batchSize, b.maxBatchDelay.toMillis(), b.maxRetryBackoff.toMillis());
        b.listeners.forEach(writer::addListener);
        List<Spool.Recovered> replay = spool.recover();
        Map<String, Map<String, OpenChannel>> open = new HashMap<>();
        try (Connection c = db.connect()) {
            for (OpenChannel ch : db.openChannels(c)) {
                open.computeIfAbsent(ch.server(), k -> new HashMap<>()).put(ch.uniqueid(), ch);
            }
            this.cdrServers = ConcurrentHashMap.newKeySet();
            cdrServers.addAll(db.cdrServers(c));
        }
        // The open set as of the crash = the database's + the spooled ops not committed yet, in order.
        for (Spool.Recovered r : replay) {
            applyToOpenSet(open, r.op());
            writer.submit(r.seq(), r.op());
        }
        this.recoveredOpen = new HashMap<>();
        open.forEach((server, m) -> recoveredOpen.put(server, new ArrayList<>(m.values())));
        writer.start();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cdr-ticker"));
        // Group commit of the spool, and the grace-period clock of held records.
        ticker.scheduleWithFixedDelay(spool::sync, 20, 20, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
        this.reconciler = Executors.newSingleThreadExecutor(r -> daemon(r, "cdr-reconcile"));
        LOG.info("CDR recorder started: database {} ({}), spool {} ({} entries replayed)",
                Database.redact(b.jdbcUrl), db.dialect(), b.spoolDirectory, replay.size());
    }

    private static void applyToOpenSet(Map<String, Map<String, OpenChannel>> open, Op op) {
        Map<String, OpenChannel> m = open.computeIfAbsent(op.server(), k -> new HashMap<>());
        if (op instanceof Op.Open o) {
            m.putIfAbsent(o.channel().uniqueid(), o.channel());
        } else if (op instanceof Op.Answer a) {
            m.computeIfPresent(a.uniqueid(), (k, v) -> v.answered(a.answerMs()));
        } else if (op instanceof Op.Record r) {
            m.remove(r.record().uniqueid());
        } else if (op instanceof Op.Close c) {
            m.remove(c.uniqueid());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Options of a recorder; {@link Builder#jdbcUrl} and {@link Builder#spoolDirectory} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records the calls of {@code client} under the name {@code server} (server times in the JVM's zone). Runs a
     * reconciliation at once (channels that ended while nothing was attached, e.g. after a crash) and after each
     * reconnect. Close the returned handle to stop recording that client; the client itself stays open. Closing
     * the recorder closes every handle.
     */
    public AutoCloseable attach(String server, AmiClient client) {
        return attach(server, client, ZoneId.systemDefault());
    }

    /** Like {@link #attach(String, AmiClient)}, for a server whose CDR times are in {@code zone}. */
    public AutoCloseable attach(String server, AmiClient client, ZoneId zone) {
        Objects.requireNonNull(client, "client");
        ensureOpen();
        ServerTracker tracker = tracker(server, zone);
        Attachment a = new Attachment(tracker, client, reconciler, config.subscriptionCapacity);
        attachments.add(a);
        a.start();
        return () -> {
            attachments.remove(a);
            a.close();
        };
    }

    /**
     * Processes one event as if received from {@code server}, for sources other than an AmiClient (recorded
     * transcripts, another event bus). Blocks while the spool is full.
     */
    public void feed(String server, Event event) throws InterruptedException {
        ensureOpen();
        tracker(server, ZoneId.systemDefault()).onEvent(event, System.currentTimeMillis());
    }

    /**
     * Records a finished call directly (imports, benchmarks); returns once it is in the spool. Its leg is assigned
     * when it is stored (the one it was built with is ignored): a {@code CDR_EVENT} record is a duplicate of a row
     * of its channel with the same times, durations, disposition, destination and destination channel, else the
     * channel's next leg; a lifecycle or reconciled record is stored only for a channel without any row.
     */
    public void submit(CdrRecord record) throws InterruptedException {
        ensureOpen();
        append(new Op.Record(record));
    }

    /**
     * Tells {@code listener} about every record committed from now on (see {@link CdrListener}); close the
     * returned handle to stop.
     */
    public AutoCloseable addCommitListener(CdrListener listener) {
        Objects.requireNonNull(listener, "listener");
        writer.addListener(listener);
        return () -> writer.removeListener(listener);
    }

    /** How often a {@link CdrListener} threw (each is logged; the writer carries on). */
    public long listenerErrors() {
        return writer.listenerErrors();
    }

    /** The query API on the same database. */
    public CdrStore store() {
        return CdrStore.unmigrated(config.jdbcUrl, config.user, config.password);
    }

    /** The current counters. */
    public RecorderStats stats() {
        long reconciled = 0;
        long malformed = 0;
        int open = 0;
        for (ServerTracker t : trackers.values()) {
            reconciled += t.reconciled();
            malformed += t.malformed();
            open += t.openChannels();
        }
        return new RecorderStats(spooled.get(), writer.committedRecords(), writer.duplicates(), writer.pending(),
                spool.pendingBytes(), spool.fullWaits(), writer.dbErrors(), writer.dbAvailable(), reconciled,
                malformed, open);
    }

    /**
     * Closes the recorder. Lifecycle records still held for their {@code cdrGrace} are written first (as their
     * grace would have ended), then pending ops get up to {@code closeGrace} to commit; the rest stays in the
     * spool for next time.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The clients outlive the recorder: their subscriptions must not go on feeding a closed spool (every
        // event would fail in the client's listener thread).
        attachments.forEach(Attachment::close);
        attachments.clear();
        reconciler.shutdownNow();
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // From here on a full spool makes appends give up at the close deadline instead of waiting for room.
        closeDeadlineNanos = System.nanoTime() + config.closeGrace.toNanos();
        flushHungUpChannels();
        writer.stop(Math.max(0, TimeUnit.NANOSECONDS.toMillis(closeDeadlineNanos - System.nanoTime())));
        spool.close();
        RecorderStats s = stats();
        LOG.info("CDR recorder closed: {} committed, {} duplicates, {} ops left in the spool", s.committed(),
                s.duplicates(), s.pending());
    }

    private ServerTracker tracker(String server, ZoneId zone) {
        if (server == null || server.isEmpty()) {
            throw new IllegalArgumentException("server name must not be empty");
        }
        return trackers.computeIfAbsent(server, s -> new ServerTracker(s, zone, config.cdrGrace.toMillis(),
                cdrServers.contains(s), recoveredOpen.getOrDefault(s, List.of()), this::append));
    }

    private void append(Op op) throws InterruptedException {
        // One lock so that spool order = writer order (the writer applies batches in queue order).
        synchronized (appendLock) {
            long deadline = closeDeadlineNanos;
            long seq = deadline == 0 ? spool.append(op)
                    : spool.append(op, Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (seq < 0) {
                throw new RecorderException("spool still full at close: " + op.getClass().getSimpleName()
                        + " of " + op.server() + " not spooled", null);
            }
            writer.submit(seq, op);
        }
        spooled.incrementAndGet();
    }

    /**
     * Writes what the trackers hold for a grace period that close() cuts short (see
     * {@link ServerTracker#flushHungUp()}). A channel whose op cannot be spooled stays in the durable open set,
     * for the next start's reconciliation.
     */
    private void flushHungUpChannels() {
        for (ServerTracker t : trackers.values()) {
            try {
                t.flushHungUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("{}: channels that hung up are left to the next start's reconciliation: {}", t.server(),
                        e.getMessage());
            }
        }
    }

    private void tick() {
        long now = System.currentTimeMillis();
        for (ServerTracker t : trackers.values()) {
            try {
                t.tick(now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("{}: grace-period tick failed", t.server(), e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("recorder closed");
        }
    }

    /** Options of a {@link CdrRecorder}. */
    public static final class Builder {
        private String jdbcUrl;
        private String user;
        private String password;
        private Path spoolDirectory;
        private long maxSpoolBytes = 256L << 20;
        private long segmentBytes = 8L << 20;
        private int batchSize = 1000;
        private Duration maxBatchDelay = Duration.ofMillis(50);
        private Duration maxRetryBackoff = Duration.ofSeconds(5);
        private Duration cdrGrace = Duration.ofSeconds(2);
        private Duration closeGrace = Duration.ofSeconds(5);
        private int subscriptionCapacity = 1024;
        private final List<CdrListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a listener told about every record once it is durable, inserted or duplicate, including records
         * replayed from the spool at start (see {@link CdrListener}).
         */
        public Builder onCommitted(CdrListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** {@code jdbc:sqlite:FILE} (default choice) or {@code jdbc:postgresql://HOST:PORT/DB}. */
        public Builder jdbcUrl(String url) {
            Database.dialectOf(url);
            this.jdbcUrl = url;
            return this;
        }

        /** Database credentials (never logged); may also be in the URL. */
        public Builder credentials(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** Where the spool's segment files live (created if missing). One recorder per directory. */
        public Builder spoolDirectory(Path dir) {
            this.spoolDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** The spool bound; past it ingestion blocks (default 256 MiB). */
        public Builder maxSpoolBytes(long bytes) {
            if (bytes < 4096) {
                throw new IllegalArgumentException("maxSpoolBytes must be >= 4096");
            }
            this.maxSpoolBytes = bytes;
            this.segmentBytes = Math.min(segmentBytes, Math.max(1024, bytes / 4));
            return this;
        }

        /** Most ops per database transaction (default 1000). */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1");
            }
            this.batchSize = n;
            return this;
        }

        /** How long a batch waits for more ops after its first (default 50 ms). */
        public Builder maxBatchDelay(Duration d) {
            this.maxBatchDelay = Objects.requireNonNull(d);
            return this;
        }

        /** Cap of the database retry backoff (default 5 s). */
        public Builder maxRetryBackoff(Duration d) {
            this.maxRetryBackoff = Objects.requireNonNull(d);
            return this;
        }

        /**
         * How long after a Hangup a lifecycle record is held for a Cdr event that would replace it, and a channel
         * of a Cdr server waits for its Cdr before it is closed without one (default 2 s).
         */
        public Builder cdrGrace(Duration d) {
            this.cdrGrace = Objects.requireNonNull(d);
            return this;
        }

        /** How long {@link CdrRecorder#close()} lets pending ops commit (default 5 s). */
        public Builder closeGrace(Duration d) {
            this.closeGrace = Objects.requireNonNull(d);
            return this;
        }

        /**
         * Queue capacity of each AMI subscription (BLOCK policy; default 1024). Events in this queue are read
         * from the socket but not yet spooled, so a hard kill loses them: small keeps that window small.
         */
        public Builder subscriptionCapacity(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("subscriptionCapacity must be >= 1");
            }
            this.subscriptionCapacity = n;
            return this;
        }

        /**
         * Migrates the schema, replays the spool and starts the writer. Fails with {@link RecorderException} if
         * the database cannot be reached now (the spool covers outages after start, not a missing database).
         */
        public CdrRecorder start() {
            if (jdbcUrl == null || spoolDirectory == null) {
                throw new IllegalStateException("jdbcUrl and spoolDirectory are required");
            }
            try {
                return new CdrRecorder(this);
            } catch (SQLException | java.io.IOException | RuntimeException e) {
                throw new RecorderException("cannot start the CDR recorder on " + Database.redact(jdbcUrl)
                        + ": " + e.getMessage(), e);
            }
        }
    }
}
