package io.switchboard.recorder.internal;

import io.switchboard.recorder.CdrListener;
import io.switchboard.recorder.CdrRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single database writer thread: takes spooled ops in order, batches them (up to {@code batchSize}, or what
 * arrived within {@code maxDelayMs} of the first), fsyncs the spool, applies the batch in one transaction and
 * then releases it from the spool. A failing database is retried with exponential backoff (capped) forever;
 * meanwhile ops keep accumulating in the spool. Availability changes are logged once each.
 */
public final class Writer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    /** An op and its spool sequence. */
    public record Pending(long seq, Op op) {
    }

    private final Database db;
    private final Spool spool;
    private final int batchSize;
    private final long maxDelayMs;
    private final long maxBackoffMs;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean dbAvailable = true;
    private Connection connection;

    final AtomicLong committedRecords = new AtomicLong();
    final AtomicLong committedOps = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong dbErrors = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final List<CdrListener> listeners = new CopyOnWriteArrayList<>();
    final AtomicLong listenerErrors = new AtomicLong();

    public Writer(Database db, Spool spool, int batchSize, long maxDelayMs, long maxBackoffMs) {
        this.db = db;
        this.spool = spool;
        this.batchSize = batchSize;
        this.maxDelayMs = maxDelayMs;
        this.maxBackoffMs = maxBackoffMs;
        this.thread = new Thread(this, "cdr-writer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues a spooled op for the database (never blocks; the spool bounds how many there can be). */
    public void submit(long seq, Op op) {
        inFlight.incrementAndGet();
        queue.add(new Pending(seq, op));
    }

    /** Adds a listener told about each record after its batch committed (see {@link CdrListener}). */
    public void addListener(CdrListener listener) {
        listeners.add(listener);
    }

    public void removeListener(CdrListener listener) {
        listeners.remove(listener);
    }

    public long listenerErrors() {
        return listenerErrors.get();
    }

    /** Ops spooled but not yet committed. */
    public long pending() {
        return inFlight.get();
    }

    public boolean dbAvailable() {
        return dbAvailable;
    }

    public long committedRecords() {
        return committedRecords.get();
    }

    public long committedOps() {
        return committedOps.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long dbErrors() {
        return dbErrors.get();
    }

    /**
     * Stops the thread: pending ops get until {@code graceMs} to be committed; whatever is left stays in the spool
     * and is replayed at the next start.
     */
    public void stop(long graceMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        while (inFlight.get() > 0 && dbAvailable && System.nanoTime() < deadline) {
            try {
                thread.join(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopping = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    @Override
    public void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        try {
            while (!stopping) {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
                while (batch.size() < batchSize) {
                    queue.drainTo(batch, batchSize - batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= batchSize || left <= 0) {
                        break;
                    }
                    Pending p = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (p != null) {
                        batch.add(p);
                    }
                }
                commit(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            // stop(): uncommitted ops stay in the spool
        }
    }

    private void commit(List<Pending> batch) throws InterruptedException {
        spool.sync();
        List<Op> ops = new ArrayList<>(batch.size());
        int records = 0;
        for (Pending p : batch) {
            ops.add(p.op());
            if (p.op() instanceof Op.Record) {
                records++;
            }
        }
        long backoff = 100;
        Database.Applied applied;
        while (true) {
            try {
                if (connection == null) {
                    connection = db.connect();
                }
                applied = db.apply(connection, ops);
                committedRecords.addAndGet(applied.inserted());
                duplicates.addAndGet(applied.duplicates());
                committedOps.addAndGet(ops.size());
                batches.incrementAndGet();
                if (!dbAvailable) {
                    dbAvailable = true;
                    LOG.info("database available again: catching up from the spool ({} ops pending)",
                            inFlight.get());
                }
                break;
            } catch (SQLException | RuntimeException e) {
                dbErrors.incrementAndGet();
                closeConnection();
                if (dbAvailable) {
                    dbAvailable = false;
                    LOG.warn("database write failed ({} records in batch): {}; keeping ops in the spool and"
                            + " retrying with backoff", records, e.toString());
                } else {
                    LOG.debug("database still failing: {}", e.toString());
                }
                if (stopping) {
                    throw new InterruptedException("stopping");
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, maxBackoffMs);
            }
        }
        spool.committed(batch.get(batch.size() - 1).seq());
        inFlight.addAndGet(-batch.size());
        notifyListeners(ops, applied.recordInserted(), applied.records());
    }

    /** After the commit (the records are durable); a failing listener is logged and never stops the writer. */
    private void notifyListeners(List<Op> ops, boolean[] inserted, CdrRecord[] stored) {
        if (listeners.isEmpty()) {
            return;
        }
        int i = 0;
        for (Op op : ops) {
            if (!(op instanceof Op.Record r)) {
                continue;
            }
            boolean ins = i < inserted.length && inserted[i];
            CdrRecord record = i < stored.length ? stored[i] : r.record(); // with its leg
            i++;
            for (CdrListener l : listeners) {
                try {
                    l.committed(record, ins);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) { // a listener's bug (even an Error) must not end the writer thread
                    if (listenerErrors.getAndIncrement() % 1000 == 0) {
                        LOG.warn("CDR listener {} failed on {}:{} ({} failures so far); the writer goes on", l,
                                r.server(), r.record().uniqueid(), listenerErrors.get(), e);
                    }
                }
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }
}
