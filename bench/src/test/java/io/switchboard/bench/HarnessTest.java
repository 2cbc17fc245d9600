package io.switchboard.bench;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AuthType;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.bench.client.AsteriskJavaTarget;
import io.switchboard.bench.client.Meter;
import io.switchboard.bench.client.RawTarget;
import io.switchboard.bench.client.RoundTrips;
import io.switchboard.bench.client.SwitchboardTarget;
import io.switchboard.bench.client.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every client against the blast server, in-process and small: one replay of the storm, a few pings. */
@Timeout(60)
class HarnessTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static Corpus corpus;
    private static BlastServer blast;
    private static BlastServer paced;

    @BeforeAll
    static void start() {
        corpus = Corpus.load();
        blast = new BlastServer(corpus, BlastServer.Plan.blast(1));
        paced = new BlastServer(corpus, BlastServer.Plan.paced(20_000, 2_000));
    }

    @AfterAll
    static void stop() {
        blast.close();
        paced.close();
    }

    @Test
    void rawAndSwitchboardReceiveEveryEventAndAnswerPings() throws Exception {
        for (Target t : List.of(new RawTarget(), new SwitchboardTarget())) {
            Meter m = new Meter();
            assertThat(t.ingest(blast.port(), m, LIMIT)).as(t.name()).isEqualTo(corpus.eventCount());
            assertThat(m.nanos()).isPositive();
            RoundTrips seq = t.pingSequential(blast.port(), 50, LIMIT);
            assertThat(seq.completed()).as(t.name()).isEqualTo(50);
            RoundTrips pipe = t.pingPipelined(blast.port(), 500, 64, LIMIT);
            assertThat(pipe.completed()).as(t.name()).isEqualTo(500);
            long[] lat = t.pacedLatencies(paced.port(), 2_000, LIMIT);
            assertThat(lat).as(t.name()).hasSize(2_000);
            assertThat(LongStream.of(lat).allMatch(v -> v >= 0 && v < 10_000_000)).as(t.name()).isTrue();
        }
    }

    @Test
    void slowListenerWithBlockLosesNothing() throws Exception {
        long[] r = new SwitchboardTarget().slowIngest(blast.port(), 1_000, 100, LIMIT);
        assertThat(r[0]).isEqualTo(corpus.eventCount());
        assertThat(r[1]).isZero();
    }

    @Test
    void asteriskJavaLogsInWithMd5AndSeesTheSentinel() throws Exception {
        AsteriskJavaTarget aj = new AsteriskJavaTarget();
        long delivered = aj.ingest(blast.port(), new Meter(), LIMIT);
        // It drops the recording's UserEvents (no registered class) and adds DialEvent/BridgeEvent twins.
        assertThat(delivered).isBetween(corpus.eventCount() - 200L, (long) corpus.eventCount());
        assertThat(aj.lastSynthesized).isPositive();
        assertThat(aj.pingSequential(blast.port(), 20, LIMIT).completed()).isEqualTo(20);
    }

    @Test
    void serverChecksMd5KeysAndAnswersLikeAsterisk() {
        AmiConfig md5 = AmiConfig.builder().host("127.0.0.1").port(blast.port()).username(BlastServer.USER)
                .secret(BlastServer.SECRET).authType(AuthType.MD5).build();
        try (AmiClient c = AmiClient.connect(md5)) {
            assertThat(c.amiVersion()).isEqualTo("11.0.0");
            assertThat(c.send(Action.named("CoreSettings")).get("AsteriskVersion")).isEqualTo("22.10.1");
            assertThat(c.command("core show version").get(0)).startsWith("Asterisk 22.10.1 built by");
            assertThat(c.send(Action.named("Ping")).get("Ping")).isEqualTo("Pong");
        }
        AmiConfig wrong = md5.toBuilder().secret("nope").build();
        assertThatThrownBy(() -> AmiClient.connect(wrong)).isInstanceOf(AuthenticationException.class);
    }
}
