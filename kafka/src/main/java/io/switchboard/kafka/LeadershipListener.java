package io.switchboard.kafka;

/**
 * Told when a {@link LeaderElection} gains or loses leadership. Called on the election's own thread, one call at
 * a time, gained and lost alternating; keep it quick (start or stop work elsewhere).
 */
public interface LeadershipListener {
    /** This process now holds the lock: it is the leader. */
    void leadershipGained();

    /** This process no longer holds the lock (connection broken, database gone, or {@link LeaderElection#close()}). */
    void leadershipLost();
}
