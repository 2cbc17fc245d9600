package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.recorder.CdrRecord;
import io.switchboard.recorder.CdrRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code switchboard cdr} against a SQLite database filled by the recorder. */
class CdrCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path tmp;
    private String url;

    @BeforeEach
    void fill() throws Exception {
        url = "jdbc:sqlite:" + tmp.resolve("cdr.db");
        try (CdrRecorder r = CdrRecorder.builder().jdbcUrl(url).spoolDirectory(tmp.resolve("spool")).start()) {
            for (int i = 0; i < 4; i++) {
                r.submit(CdrRecord.builder().server("pbx1").uniqueid("u." + i).source("600" + i).destination("7000")
                        .accountCode(i < 3 ? "acme" : "Doe, J").start(T0.plusSeconds(i * 3600L))
                        .answer(T0.plusSeconds(i * 3600L)).end(T0.plusSeconds(i * 3600L + 90)).duration(90)
                        .billableSeconds(90).disposition("ANSWERED").build());
            }
            await().until(() -> r.stats().pending() == 0);
        }
    }

    @Test
    void queryAsTableJsonAndCsvWithFiltersAndPaging() throws Exception {
        CliRun table = CliRun.run("cdr", "query", "--db", url, "--account", "acme");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.outLines()).hasSize(4);
        assertThat(table.outLines()[0]).matches("START +SERVER +UNIQUEID +LEG +SOURCE +DESTINATION .*");
        assertThat(table.outLines()[1]).contains("u.0").contains("6000").contains("CDR_EVENT");

        CliRun json = CliRun.run("cdr", "query", "--db", url, "--format", "json", "--limit", "2", "--offset", "1");
        assertThat(json.exitCode()).isZero();
        assertThat(json.outLines()).hasSize(2);
        JsonNode first = JSON.readTree(json.outLines()[0]);
        assertThat(first.get("uniqueid").asText()).isEqualTo("u.1");
        assertThat(first.get("leg").asInt()).isEqualTo(1);
        assertThat(first.get("start").asText()).isEqualTo("2026-11-26T11:00:00Z");
        assertThat(first.get("billableSeconds").asLong()).isEqualTo(90);

        CliRun csv = CliRun.run("cdr", "query", "--db", url, "--format", "csv", "--from", "2026-11-26T12:00:00Z");
        assertThat(csv.exitCode()).isZero();
        assertThat(csv.out().split("\r\n")).hasSize(3);
        assertThat(csv.out()).contains("\"Doe, J\"");

        CliRun jsonFlag = CliRun.run("cdr", "query", "--db", url, "--json", "--limit", "2", "--offset", "1");
        assertThat(jsonFlag.out()).isEqualTo(json.out());

        CliRun none = CliRun.run("cdr", "query", "--db", url, "--from", "2027-01-01");
        assertThat(none.outLines()).containsExactly("no calls");
    }

    @Test
    void exportToAFileAndSummary() throws Exception {
        Path file = tmp.resolve("out.csv");
        CliRun export = CliRun.run("cdr", "export", "--db", url, "-o", file.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.readString(file).split("\r\n")).hasSize(5);

        CliRun summary = CliRun.run("cdr", "summary", "--db", url, "--from", "2026-11-26", "--to", "2026-11-27");
        assertThat(summary.exitCode()).isZero();
        assertThat(summary.outLines()).containsExactly("ACCOUNT  CALLS  MINUTES  BILLABLE",
                "Doe, J   1      1.50     1.50", "acme     3      4.50     4.50");

        CliRun json = CliRun.run("cdr", "summary", "--db", url, "--format", "json");
        assertThat(JSON.readTree(json.outLines()[1]).get("billableMinutes").asDouble()).isEqualTo(4.5);
        assertThat(CliRun.run("cdr", "summary", "--db", url, "--json").out()).isEqualTo(json.out());
        CliRun csv = CliRun.run("cdr", "summary", "--db", url, "--format", "csv");
        assertThat(csv.out()).isEqualTo("account_code,calls,minutes,billable_minutes\r\n\"Doe, J\",1,1.50,1.50\r\n"
                + "acme,3,4.50,4.50\r\n");
    }

    @Test
    void badInputFailsWithAMessageAndExitCode() {
        CliRun badTime = CliRun.run("cdr", "query", "--db", url, "--from", "yesterday");
        assertThat(badTime.exitCode()).isEqualTo(Main.USAGE);
        assertThat(badTime.err()).contains("--from: not a date");

        CliRun badUrl = CliRun.run("cdr", "query", "--db", "jdbc:mysql://h/db?password=hunter2");
        assertThat(badUrl.exitCode()).isEqualTo(1);
        assertThat(badUrl.err()).contains("unsupported JDBC URL").doesNotContain("hunter2");

        CliRun noDb = CliRun.run("cdr", "query");
        assertThat(noDb.exitCode()).isEqualTo(Main.USAGE);
        assertThat(noDb.err()).contains("--db");

        CliRun unreachable = CliRun.run("cdr", "summary", "--db", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("switchboard cdr summary: cannot open");
        assertThat(unreachable.err().lines()).hasSize(1); // the driver's detail block is not repeated
    }

    @Test
    void aMissingSqliteFileIsAnErrorAndIsNotCreated() {
        Path missing = tmp.resolve("typo.db");
        for (String sub : new String[] {"query", "export", "summary"}) {
            CliRun r = CliRun.run("cdr", sub, "--db", "jdbc:sqlite:" + missing);
            assertThat(r.exitCode()).as(sub).isEqualTo(1);
            assertThat(r.err()).as(sub).isEqualTo("switchboard cdr " + sub + ": no such database file: " + missing + "\n");
            assertThat(r.out()).as(sub).isEmpty();
            assertThat(missing).as(sub).doesNotExist();
        }
    }

    @Test
    void summaryHonoursEveryFilter() {
        CliRun account = CliRun.run("cdr", "summary", "--db", url, "--account", "acme");
        assertThat(account.exitCode()).isZero();
        assertThat(account.outLines()).containsExactly("ACCOUNT  CALLS  MINUTES  BILLABLE", "acme     3      4.50     4.50");

        CliRun server = CliRun.run("cdr", "summary", "--db", url, "--server", "pbx2");
        assertThat(server.outLines()).containsExactly("no calls");
        CliRun disposition = CliRun.run("cdr", "summary", "--db", url, "--disposition", "BUSY");
        assertThat(disposition.outLines()).containsExactly("no calls");
        CliRun answered = CliRun.run("cdr", "summary", "--db", url, "--server", "pbx1", "--disposition", "ANSWERED",
                "--format", "csv");
        assertThat(answered.out()).isEqualTo("account_code,calls,minutes,billable_minutes\r\n\"Doe, J\",1,1.50,1.50\r\n"
                + "acme,3,4.50,4.50\r\n");
    }
}
