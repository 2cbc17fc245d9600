package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.ami.Event;
import io.switchboard.testkit.postgres.PostgresServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two contenders on one advisory lock in a real PostgreSQL. */
class LeaderElectionTest {
    static final Duration TAKEOVER = Duration.ofSeconds(15);
    static PostgresServer pg;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresServer.start(); // without PostgreSQL this fails with "install postgresql; .ci/run does"
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    /** Records gained/lost calls as "+" and "-". */
    static final class Log implements LeadershipListener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void leadershipGained() {
            calls.add("+");
        }

        @Override
        public void leadershipLost() {
            calls.add("-");
        }
    }

    static LeaderElection election(String name, long key, Log log) {
        return LeaderElection.builder(() -> DriverManager.getConnection(pg.jdbcUrl())).name(name).lockKey(key)
                .retryInterval(Duration.ofMillis(200)).listener(log).start();
    }

    static int terminateLockHolders(long key) throws Exception {
        // A bigint advisory key shows as classid = high 32 bits, objid = low 32 bits, objsubid 1.
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_locks"
                     + " WHERE locktype = 'advisory' AND objsubid = 1 AND classid = 0 AND objid = " + key)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void exactlyOneOfTwoLeadsAndTheOtherTakesOverWhenTheLeadersConnectionIsKilled() throws Exception {
        Log logA = new Log();
        Log logB = new Log();
        try (LeaderElection a = election("a", 101, logA); LeaderElection b = election("b", 101, logB)) {
            await().atMost(TAKEOVER).until(() -> a.isLeader() || b.isLeader());
            LeaderElection first = a.isLeader() ? a : b;
            LeaderElection second = first == a ? b : a;
            Log firstLog = first == a ? logA : logB;
            Log secondLog = first == a ? logB : logA;
            assertThat(second.isLeader()).isFalse();
            assertThat(secondLog.calls).isEmpty();

            assertThat(terminateLockHolders(101)).isEqualTo(1);
            await().atMost(TAKEOVER).until(() -> second.isLeader() && !first.isLeader());
            assertThat(firstLog.calls).startsWith("+", "-");
            assertThat(secondLog.calls).containsExactly("+");
        }
    }

    @Test
    void closingTheLeaderHandsOverAndDifferentKeysAreIndependent() {
        Log logA = new Log();
        Log logB = new Log();
        Log logC = new Log();
        try (LeaderElection a = election("a", 202, logA); LeaderElection other = election("c", 203, logC)) {
            await().atMost(TAKEOVER).until(a::isLeader);
            await().atMost(TAKEOVER).until(other::isLeader);
            try (LeaderElection b = election("b", 202, logB)) {
                a.close();
                assertThat(logA.calls).containsExactly("+", "-");
                assertThat(a.isLeader()).isFalse();
                await().atMost(TAKEOVER).until(b::isLeader);
            }
        }
    }

    @Test
    void whenTheDatabaseGoesAwayLeadershipIsLostAndRegainedAfterItReturns() {
        Log log = new Log();
        try (LeaderElection a = election("a", 303, log)) {
            await().atMost(TAKEOVER).until(a::isLeader);
            pg.stop();
            try {
                await().atMost(TAKEOVER).until(() -> !a.isLeader());
                assertThat(log.calls).containsExactly("+", "-");
                await().atMost(TAKEOVER).until(() -> a.lastError() != null);
            } finally {
                pg.restart();
            }
            await().atMost(TAKEOVER).until(a::isLeader);
            assertThat(log.calls).containsExactly("+", "-", "+");
        }
    }

    @Test
    void anUnreachableDatabaseNeverMakesALeaderNorBlocksTheCaller() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=1";
        Log log = new Log();
        try (LeaderElection e = LeaderElection.builder(() -> DriverManager.getConnection(url))
                .retryInterval(Duration.ofMillis(100)).listener(log).start()) {
            await().atMost(TAKEOVER).until(() -> e.lastError() != null);
            assertThat(e.isLeader()).isFalse();
            assertThat(log.calls).isEmpty();
        }
    }

    @Test
    void onlyTheLeadersPublisherAcceptsRecords() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // no Kafka: this checks the gate, not delivery
        }
        try (LeaderElection a = election("a", 404, new Log()); LeaderElection b = election("b", 404, new Log());
             KafkaPublisher pa = gated(port, a); KafkaPublisher pb = gated(port, b)) {
            await().atMost(TAKEOVER).until(() -> a.isLeader() || b.isLeader());
            for (int seq = 1; seq <= 10; seq++) {
                Event e = Event.of("Newchannel", "Uniqueid", "u" + seq);
                pa.publishEvent("pbx", e);
                pb.publishEvent("pbx", e);
            }
            KafkaPublisher leader = a.isLeader() ? pa : pb;
            KafkaPublisher follower = leader == pa ? pb : pa;
            assertThat(leader.stats().accepted()).isEqualTo(10);
            assertThat(follower.stats().accepted()).isZero();
            assertThat(follower.stats().skippedNotLeader()).isEqualTo(10);
        }
    }

    static KafkaPublisher gated(int port, LeaderElection election) {
        return KafkaPublisher.start(KafkaPublisherConfig.builder("127.0.0.1:" + port).gate(election::isLeader)
                .closeTimeout(Duration.ofMillis(200)).build());
    }
}
