package io.switchboard.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {
    @Test
    void parsesResultLines() {
        Map<String, String> m = ChildJvm.parse("RESULT ingest warm=0 events=10 nanos=20");
        assertThat(m).containsEntry("kind", "ingest").containsEntry("events", "10").containsEntry("nanos", "20");
    }

    @Test
    void rendersRatiosAndVerdicts() {
        Corpus corpus = Corpus.load();
        Settings s = Settings.quickRun();
        long sent = (long) s.repeats() * corpus.eventCount();
        Report r = new Report(corpus, s);
        r.add("raw", List.of(Map.of("kind", "ingest", "warm", "0", "events", "" + sent, "nanos", "1000000000",
                "alloc", "0", "gcCount", "0")));
        r.add("switchboard", List.of(Map.of("kind", "ingest", "warm", "0", "events", "" + sent,
                "nanos", "1500000000", "alloc", "" + sent * 500, "gcCount", "1")));
        r.add("asterisk-java", List.of(Map.of("kind", "ingest", "warm", "0", "events", "" + sent,
                "nanos", "20000000000", "alloc", "" + sent * 7800, "gcCount", "40")));
        String md = r.markdown(Map.of("nproc", "2"));
        assertThat(md).contains("Switchboard / asterisk-java = **13.3x**").contains("Switchboard / raw = **67%**")
                .contains("| ingest >= 10x asterisk-java | 13.3x | met |");
    }

    @Test
    void percentilesByNearestRank() {
        long[] v = {5, 1, 4, 2, 3};
        assertThat(Stats.percentile(v, 50)).isEqualTo(3);
        assertThat(Stats.percentile(v, 99)).isEqualTo(5);
        assertThat(Stats.percentile(new long[0], 99)).isZero();
    }
}
