package io.switchboard.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks one leader among processes sharing a PostgreSQL database, e.g. the gateway of a pair that publishes to
 * Kafka ({@link KafkaPublisherConfig.Builder#gate} with {@code election::isLeader}).
 *
 * <p>How: a session-level advisory lock ({@code pg_try_advisory_lock(key)}) taken on a dedicated connection and
 * held as long as that connection lives. Every {@code retryInterval} (1 s by default) a follower tries to take
 * the lock and the leader checks its connection; when the leader's connection breaks (process died, network,
 * {@code pg_terminate_backend}) PostgreSQL ends its session and releases the lock, and a follower takes it on its
 * next try. So a takeover needs about one interval after the database noticed; the old leader notices its loss
 * within about one interval plus the network timeout. Those two windows are not aligned: for a moment there may
 * be two leaders (consumers see duplicates) or none (see docs/SCALING.md).
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    /** Opens a new JDBC connection to the shared database (e.g. {@code () -> DriverManager.getConnection(url)}). */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final String name;
    private final long lockKey;
    private final Duration retryInterval;
    private final ConnectionFactory connections;
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    private Connection connection; // only touched on the election thread
    private volatile boolean leader;
    private volatile boolean closed;
    private volatile String lastError;
    private long failures;

    private LeaderElection(Builder b) {
        name = b.name;
        lockKey = b.lockKey;
        retryInterval = b.retryInterval;
        connections = b.connections;
        listeners.addAll(b.listeners);
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-leader-" + name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tick, 0, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A builder; {@code connections} opens connections to the database the contenders share. */
    public static Builder builder(ConnectionFactory connections) {
        return new Builder(connections);
    }

    /** Whether this process holds the lock now. */
    public boolean isLeader() {
        return leader;
    }

    /** The last error talking to the database (class and message), or null. */
    public String lastError() {
        return lastError;
    }

    /** Adds a listener; it is told about changes from now on (check {@link #isLeader()} for the current state). */
    public void addListener(LeadershipListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(LeadershipListener listener) {
        listeners.remove(listener);
    }

    private void tick() {
        if (closed) {
            return;
        }
        try {
            if (connection == null) {
                connection = connections.open();
                connection.setAutoCommit(true);
            }
            if (leader) {
                // The lock lives as long as the session: a live connection means we still hold it.
                if (!connection.isValid(timeoutSeconds())) {
                    throw new SQLException("connection to the database is no longer valid");
                }
            } else if (tryLock()) {
                leader = true;
                failures = 0;
                LOG.info("Leader election {}: this process is now the leader (lock {})", name, lockKey);
                notifyListeners(true);
            }
        } catch (SQLException | RuntimeException e) {
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (failures++ % 60 == 0) { // once a minute at the default interval while the database is away
                LOG.warn("Leader election {}: database error: {}", name, lastError);
            }
            dropConnection();
        }
    }

    private boolean tryLock() throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setQueryTimeout(timeoutSeconds());
            st.setLong(1, lockKey);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, retryInterval.toSeconds() * 2);
    }

    /** Closes the connection (which releases the lock) and reports the loss if we were leader. */
    private void dropConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Broken already; closing is only tidying up.
            }
        }
        if (leader) {
            leader = false;
            LOG.warn("Leader election {}: leadership lost (lock {})", name, lockKey);
            notifyListeners(false);
        }
    }

    private void notifyListeners(boolean gained) {
        for (LeadershipListener l : listeners) {
            try {
                if (gained) {
                    l.leadershipGained();
                } else {
                    l.leadershipLost();
                }
            } catch (RuntimeException e) {
                LOG.warn("Leader election {}: a listener failed", name, e);
            }
        }
    }

    /** Gives up leadership (the connection is closed, so the lock is free at once) and stops. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            thread.submit(this::dropConnection).get(retryInterval.toMillis() * 3 + 5000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Leader election {}: close did not finish cleanly: {}", name, e.toString());
        }
        thread.shutdownNow();
    }

    @Override
    public String toString() {
        return "LeaderElection{" + name + ", lock " + lockKey + (leader ? ", leader" : ", follower") + "}";
    }

    /** Builds a {@link LeaderElection}. Defaults: lock key 0x5357_4244 ("SWBD"), retry every second. */
    public static final class Builder {
        private final ConnectionFactory connections;
        private String name = "switchboard";
        private long lockKey = 0x5357_4244L;
        private Duration retryInterval = Duration.ofSeconds(1);
        private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();

        private Builder(ConnectionFactory connections) {
            this.connections = Objects.requireNonNull(connections, "connections");
        }

        /** A name for logs and the thread (e.g. the gateway's host name). */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** The advisory lock key every contender uses; different keys are independent elections. */
        public Builder lockKey(long key) {
            lockKey = key;
            return this;
        }

        /** How often a follower tries the lock and the leader checks its connection. */
        public Builder retryInterval(Duration interval) {
            if (interval == null || interval.toMillis() < 10) {
                throw new IllegalArgumentException("retryInterval must be at least 10 ms: " + interval);
            }
            retryInterval = interval;
            return this;
        }

        /** A listener registered before the first attempt, so it cannot miss the first gain. */
        public Builder listener(LeadershipListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Starts contending at once, in the background; never blocks on the database. */
        public LeaderElection start() {
            return new LeaderElection(this);
        }
    }
}
