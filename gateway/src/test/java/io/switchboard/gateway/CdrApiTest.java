package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.recorder.CdrRecord;
import io.switchboard.recorder.CdrRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.switchboard.gateway.GatewayFixture.ADMIN;
import static io.switchboard.gateway.GatewayFixture.OPERATOR;
import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The CDR routes over real HTTP, on a gateway whose recorder writes to SQLite in a temporary directory. */
class CdrApiTest {
    /** The fixed records live in 2020, far from the simulated calls of "now". */
    private static final Instant T0 = Instant.parse("2020-03-01T10:00:00Z");
    private static final String RANGE = "from=2020-03-01T00:00:00Z&to=2020-03-02T00:00:00Z";

    @TempDir
    Path dir;
    private GatewayFixture f;
    private CdrRecorder recorder;

    @BeforeEach
    void start() throws IOException {
        f = new GatewayFixture(0.02, b -> b.recorder("jdbc:sqlite:" + dir.resolve("cdr.db"), null));
        recorder = f.gateway.recorder().orElseThrow();
    }

    @AfterEach
    void stop() throws IOException {
        f.close();
    }

    @Test
    void aCallThatEndsOnThePbxIsListedWithEveryField() {
        String id = f.holdCall();
        assertThat(f.post(OPERATOR, "/api/v1/channels/pbx1/" + id + "/hangup", "{}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> ids(f.get(OPERATOR, "/api/v1/cdr").body()).contains(id));
        JsonNode page = f.get(OPERATOR, "/api/v1/cdr?server=pbx1").body();
        assertThat(page.get("limit").asInt()).isEqualTo(100);
        assertThat(page.get("offset").asInt()).isZero();
        assertThat(page.get("total").asInt()).isEqualTo(page.get("items").size());
        JsonNode row = find(page, id);
        List<String> fields = new ArrayList<>();
        row.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("server", "uniqueid", "leg", "linkedid", "source", "destination", "callerId",
                "context", "channel", "destinationChannel", "start", "answer", "end", "duration", "billableSeconds",
                "disposition", "hangupCause", "accountCode", "userField", "recordingFile", "origin");
        assertThat(row.get("server").asText()).isEqualTo("pbx1");
        assertThat(row.get("uniqueid").asText()).isEqualTo(id);
        assertThat(row.get("leg").asInt()).isEqualTo(1);
        assertThat(Instant.parse(row.get("end").asText())).isAfterOrEqualTo(Instant.parse(row.get("start").asText()));
        assertThat(row.get("origin").asText()).isEqualTo("CDR_EVENT");
        assertThat(f.gateway.recorderAttachments()).isEqualTo(1);
    }

    @Test
    void filtersAndPagesAreExact() throws InterruptedException {
        submitFixedRecords();
        JsonNode all = f.get(OPERATOR, "/api/v1/cdr?" + RANGE + "&limit=1000").body();
        assertThat(all.get("total").asInt()).isEqualTo(25);
        assertThat(all.get("items")).hasSize(25);
        assertThat(f.get(OPERATOR, "/api/v1/cdr?" + RANGE + "&server=old").body().get("total").asInt()).isEqualTo(5);
        assertThat(f.get(OPERATOR, "/api/v1/cdr?" + RANGE + "&accountCode=acme").body().get("total").asInt())
                .isEqualTo(10);
        JsonNode busy = f.get(OPERATOR, "/api/v1/cdr?" + RANGE + "&disposition=busy").body();
        assertThat(busy.get("total").asInt()).isEqualTo(5);
        assertThat(busy.get("items").findValuesAsText("disposition")).containsOnly("BUSY");
        assertThat(f.get(OPERATOR, "/api/v1/cdr?" + RANGE + "&disposition=NO_ANSWER").body().get("total").asInt())
                .isEqualTo(5);
        // from inclusive, to exclusive, on the start time: records i = 3..6.
        JsonNode window = f.get(OPERATOR, "/api/v1/cdr?from=" + T0.plusSeconds(180) + "&to="
                + T0.plusSeconds(420)).body();
        assertThat(ids(window)).containsExactly("r3", "r4", "r5", "r6");

        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < 25; offset += 7) {
            JsonNode page = f.get(OPERATOR, "/api/v1/cdr?" + RANGE + "&limit=7&offset=" + offset).body();
            assertThat(page.get("total").asInt()).isEqualTo(25);
            assertThat(page.get("items")).hasSize(Math.min(7, 25 - offset));
            for (String id : ids(page)) {
                assertThat(seen.add(id)).as("%s twice", id).isTrue();
            }
        }
        assertThat(seen).hasSize(25);
        assertThat(f.get(OPERATOR, "/api/v1/cdr?" + RANGE + "&offset=100").body().get("items")).isEmpty();
        JsonNode r0 = find(all, "r0");
        assertThat(r0.get("answer").isNull()).isFalse();
        assertThat(find(all, "r1").get("answer").isNull()).isTrue();
        assertThat(r0.get("start").asText()).isEqualTo("2020-03-01T10:00:00Z");
        assertThat(r0.get("callerId").asText()).isEqualTo("\"Alice, \"\"A\"\"\" <6001>");
    }

    @Test
    void csvExportStreamsEveryMatchingRowAndParsesBack() throws InterruptedException {
        submitFixedRecords();
        HttpResponse<String> r = f.raw(OPERATOR, "GET", "/api/v1/cdr/export.csv?" + RANGE + "&server=pbx1", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        List<List<String>> rows = Csv.parse(r.body());
        assertThat(rows.get(0)).startsWith("server", "uniqueid", "leg", "linkedid");
        assertThat(rows).hasSize(21);
        int callerId = rows.get(0).indexOf("caller_id");
        int start = rows.get(0).indexOf("start");
        List<String> r0 = rows.stream().filter(row -> row.get(1).equals("r0")).findFirst().orElseThrow();
        assertThat(r0.get(callerId)).isEqualTo("\"Alice, \"\"A\"\"\" <6001>");
        assertThat(Instant.parse(r0.get(start))).isEqualTo(T0);
        assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row.get(0)).isEqualTo("pbx1"));

        HttpResponse<String> empty = f.raw(OPERATOR, "GET", "/api/v1/cdr/export.csv?server=nobody", null);
        assertThat(Csv.parse(empty.body())).hasSize(1);
    }

    @Test
    void summaryAddsUpPerAccount() throws InterruptedException {
        submitFixedRecords();
        JsonNode s = f.get(OPERATOR, "/api/v1/cdr/summary?" + RANGE).body();
        assertThat(s.findValuesAsText("accountCode")).containsExactly("", "acme", "globex");
        JsonNode acme = s.get(1);
        // acme: i % 5 in {0, 3}; duration 60 + i, billable 30 when answered (even i).
        long duration = 0;
        long billable = 0;
        int calls = 0;
        for (int i = 0; i < 25; i++) {
            if (i % 5 == 0 || i % 5 == 3) {
                calls++;
                duration += 60 + i;
                billable += i % 2 == 0 ? 30 : 0;
            }
        }
        assertThat(acme.get("calls").asInt()).isEqualTo(calls);
        assertThat(acme.get("durationSeconds").asLong()).isEqualTo(duration);
        assertThat(acme.get("minutes").asDouble()).isEqualTo(duration / 60.0);
        assertThat(acme.get("billableMinutes").asDouble()).isEqualTo(billable / 60.0);
        JsonNode old = f.get(OPERATOR, "/api/v1/cdr/summary?" + RANGE + "&server=old").body();
        assertThat(old.findValues("calls").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(5);
    }

    @Test
    void statsFillEveryBucketOfTheRange() throws InterruptedException {
        submitFixedRecords();
        // Records start one a minute from T0: minute buckets of one each, the hour bucket holds 25.
        JsonNode m = f.get(VIEWER, "/api/v1/cdr/stats?from=" + T0.minusSeconds(120) + "&to=" + T0.plusSeconds(180)
                + "&bucket=minute").body();
        assertThat(m).hasSize(5);
        assertThat(m.findValuesAsText("bucketStart")).containsExactly("2020-03-01T09:58:00Z",
                "2020-03-01T09:59:00Z", "2020-03-01T10:00:00Z", "2020-03-01T10:01:00Z", "2020-03-01T10:02:00Z");
        assertThat(m.findValues("calls")).extracting(JsonNode::asInt).containsExactly(0, 0, 1, 1, 1);
        assertThat(m.get(2).get("avgDurationSeconds").asDouble()).isEqualTo(60.0);
        assertThat(m.get(0).get("avgDurationSeconds").asDouble()).isZero();
        JsonNode h = f.get(VIEWER, "/api/v1/cdr/stats?" + RANGE + "&bucket=hour").body();
        assertThat(h).hasSize(24);
        assertThat(h.get(10).get("calls").asInt()).isEqualTo(25);
        assertThat(h.get(10).get("avgDurationSeconds").asDouble()).isEqualTo(72.0);
        JsonNode old = f.get(VIEWER, "/api/v1/cdr/stats?" + RANGE + "&bucket=hour&server=old").body();
        assertThat(old.get(10).get("calls").asInt()).isEqualTo(5);
        // The dashboard's call: the last hour of minutes.
        JsonNode dflt = f.get(VIEWER, "/api/v1/cdr/stats?bucket=minute").body();
        assertThat(dflt.size()).isBetween(60, 61);
    }

    @Test
    void callRecordsNeedAnOperatorButStatsOnlyAViewer() {
        for (String path : List.of("/api/v1/cdr", "/api/v1/cdr/export.csv", "/api/v1/cdr/summary")) {
            assertThat(f.get(null, path).status()).as(path).isEqualTo(401);
            assertThat(f.raw(VIEWER, "GET", path, null).statusCode()).as(path).isEqualTo(403);
            assertThat(f.raw(OPERATOR, "GET", path, null).statusCode()).as(path).isEqualTo(200);
            assertThat(f.raw(ADMIN, "GET", path, null).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(f.get(null, "/api/v1/cdr/stats").status()).isEqualTo(401);
        assertThat(f.get(VIEWER, "/api/v1/cdr/stats").status()).isEqualTo(200);
        assertThat(f.get(VIEWER, "/api/v1/cdr").body().get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        String[][] cases = {
            {"/api/v1/cdr?from=yesterday", "from"},
            {"/api/v1/cdr?to=2020-13-01T00:00:00Z", "to"},
            {"/api/v1/cdr?from=2020-03-02T00:00:00Z&to=2020-03-01T00:00:00Z", "from"},
            {"/api/v1/cdr?limit=0", "limit"},
            {"/api/v1/cdr?limit=1001", "limit"},
            {"/api/v1/cdr?limit=ten", "limit"},
            {"/api/v1/cdr?offset=-1", "offset"},
            {"/api/v1/cdr?disposition=MAYBE", "disposition"},
            {"/api/v1/cdr?accountCode=a%0D%0AAction:%20Logoff", "accountCode"},
            {"/api/v1/cdr/export.csv?server=a%0Ab", "server"},
            {"/api/v1/cdr/export.csv?from=now", "from"},
            {"/api/v1/cdr/summary?to=2020", "to"},
            {"/api/v1/cdr/stats?bucket=day", "bucket"},
            {"/api/v1/cdr/stats?from=2020-01-01T00:00:00Z&to=2020-03-01T00:00:00Z&bucket=minute", "from"},
            {"/api/v1/cdr/stats?from=2020-03-02T00:00:00Z&to=2020-03-01T00:00:00Z", "from"},
            // Valid ISO-8601, but beyond what a time in milliseconds holds (was a 500 from an overflow).
            {"/api/v1/cdr/stats?to=%2B1000000000-01-01T00:00:00Z", "to"},
            {"/api/v1/cdr/stats?from=-1000000000-01-01T00:00:00Z&to=-1000000000-01-01T00:10:00Z", "to"},
            {"/api/v1/cdr?from=%2B10000-01-01T00:00:00Z", "from"},
            {"/api/v1/cdr/summary?from=-0001-12-31T23:59:59Z", "from"},
            {"/api/v1/cdr/export.csv?to=%2B1000000000-01-01T00:00:00Z", "to"},
        };
        for (String[] c : cases) {
            GatewayFixture.Answer a = f.get(OPERATOR, c[0]);
            assertThat(a.status()).as(c[0]).isEqualTo(400);
            assertThat(a.body().get("code").asText()).isEqualTo("bad_request");
            assertThat(a.body().get("message").asText()).as(c[0]).startsWith(c[1] + ": ");
        }
    }

    @Test
    void metricsAndHealthShowTheRecorderAndItsDatabaseOutage() throws Exception {
        String metrics = f.raw(VIEWER, "GET", "/metrics", null).body();
        assertThat(metrics).contains("switchboard_recorder_spooled_total", "switchboard_recorder_committed_total",
                "switchboard_recorder_duplicates_total", "switchboard_recorder_db_errors_total",
                "switchboard_recorder_spool_size_bytes", "switchboard_recorder_db_up 1.0",
                "switchboard_recorder_pending");
        assertThat(f.get(null, "/health").body().get("recorder").asText()).isEqualTo("ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> f.get(null, "/health").body().get("status").asText()
                .equals("ok"));

        // "Database down": another connection holds SQLite's write lock, so the recorder's batches fail.
        try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cdr.db"));
             Statement s = locker.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("BEGIN EXCLUSIVE");
            recorder.submit(record(0, "pbx1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> f.get(null, "/health").body().get("recorder")
                    .asText().equals("spooling"));
            assertThat(f.get(null, "/health").body().get("status").asText()).isEqualTo("degraded");
            assertThat(f.raw(VIEWER, "GET", "/metrics", null).body()).contains("switchboard_recorder_db_up 0.0");
            s.execute("ROLLBACK");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> f.get(null, "/health").body().get("status").asText()
                .equals("ok"));
        assertThat(ids(f.get(OPERATOR, "/api/v1/cdr?" + RANGE).body())).containsExactly("r0");
        assertThat(recorder.stats().dbErrors()).isPositive();
    }

    /**
     * 25 records one a minute from T0: r0..r19 on pbx1, r20..r24 on "old" (a server no longer configured);
     * accounts by i % 5 (acme, "", globex, acme, ""); dispositions by i % 5 too; even ones answered.
     */
    private void submitFixedRecords() throws InterruptedException {
        for (int i = 0; i < 25; i++) {
            recorder.submit(record(i, i < 20 ? "pbx1" : "old"));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> f.get(OPERATOR, "/api/v1/cdr?" + RANGE).body()
                .get("total").asInt() == 25);
    }

    private static CdrRecord record(int i, String server) {
        String[] accounts = {"acme", "", "globex", "acme", ""};
        String[] dispositions = {"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"};
        Instant start = T0.plusSeconds(60L * i);
        boolean answered = i % 2 == 0;
        return CdrRecord.builder().server(server).uniqueid("r" + i).linkedid("l" + i).source("6001")
                .destination("600" + (i % 3)).callerId("\"Alice, \"\"A\"\"\" <6001>").context("internal")
                .channel("PJSIP/alice-" + i).start(start).answer(answered ? start.plusSeconds(60 + i - 30) : null)
                .end(start.plusSeconds(60 + i)).duration(60 + i).billableSeconds(answered ? 30 : 0)
                .disposition(dispositions[i % 5]).hangupCause("16").accountCode(accounts[i % 5])
                .origin(CdrRecord.Origin.CDR_EVENT).build();
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").findValuesAsText("uniqueid");
    }

    private static JsonNode find(JsonNode page, String id) {
        for (JsonNode n : page.get("items")) {
            if (n.get("uniqueid").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no record " + id);
    }
}
