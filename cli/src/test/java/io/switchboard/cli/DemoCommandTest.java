package io.switchboard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code switchboard demo}: the gateway over FakeAsterisk with call-center traffic, reachable with the printed
 * token, stopped cleanly; and the {@code --console} view.
 */
class DemoCommandTest {
    private static final String TOKEN = "test-token-0123456789abcdef";

    @Test
    void printsUrlAndTokenTheApiAnswersAndItStopsCleanly() throws Exception {
        Set<Thread> before = BackgroundRun.threads();
        BackgroundRun run = new BackgroundRun("demo", "--port", "0", "--speed", "20", "--calls-per-minute", "30",
                "--seed", "11", "--token", TOKEN, "--seconds", "120");
        String url = run.awaitGroup("Dashboard: +(http://127\\.0\\.0\\.1:\\d+/) ");
        assertThat(run.awaitGroup("Token: +(\\S+) ")).isEqualTo(TOKEN);
        assertThat(run.out()).contains("curl -H 'Authorization: Bearer " + TOKEN + "' " + url + "api/v1/channels")
                .containsPattern("Ready in \\d+ ms \\(\\d+ ms since the JVM started\\)")
                .contains("seed 11");

        assertThat(BackgroundRun.get(url + "api/v1/channels", null).statusCode()).isEqualTo(401);
        assertThat(BackgroundRun.get(url + "api/v1/channels", "wrong-token-0123456789").statusCode()).isEqualTo(401);
        // Simulated calls show up through the API (the first arrives within a few simulated seconds).
        await().atMost(BackgroundRun.WAIT).until(() -> {
            HttpResponse<String> r = BackgroundRun.get(url + "api/v1/channels", TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body().contains("@callcenter-");
        });

        // Finished calls are recorded: the printed database exists while the demo runs and has rows over the API.
        Path db = Path.of(run.awaitGroup("Call records: (\\S+) "));
        assertThat(db).exists();
        assertThat(run.out()).contains("switchboard cdr summary --db jdbc:sqlite:" + db);
        await().atMost(BackgroundRun.WAIT).until(() -> {
            HttpResponse<String> r = BackgroundRun.get(url + "api/v1/cdr?limit=1", TOKEN);
            return r.statusCode() == 200 && !r.body().contains("\"total\":0");
        });

        assertThat(run.stop("demo")).isZero();
        assertThat(run.out()).containsPattern("Stopping: \\d+ simulated calls were started\\.");
        assertThat(db).doesNotExist();
        assertThat(run.err()).isEmpty();
        BackgroundRun.awaitNoNewThreads(before);
    }

    @Test
    void dbKeepsTheCallRecordsInTheGivenFile(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("demo's calls.db");
        BackgroundRun run = new BackgroundRun("demo", "--port", "0", "--speed", "20", "--calls-per-minute", "120",
                "--token", TOKEN, "--seconds", "60", "--db", db.toString());
        String url = run.awaitGroup("Dashboard: +(http://127\\.0\\.0\\.1:\\d+/) ");
        assertThat(run.out()).contains("Call records: " + db.toAbsolutePath() + "   (SQLite, kept)")
                .contains("switchboard cdr summary --db 'jdbc:sqlite:" + dir.toAbsolutePath() + "/demo'\\''s calls.db'");
        await().atMost(BackgroundRun.WAIT).until(() ->
                !BackgroundRun.get(url + "api/v1/cdr?limit=1", TOKEN).body().contains("\"total\":0"));
        assertThat(run.stop("demo")).isZero();
        assertThat(db).exists();
    }

    @Test
    void aTakenPortFallsBackToAFreeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            BackgroundRun run = new BackgroundRun("demo", "--port", Integer.toString(port), "--token", TOKEN,
                    "--seconds", "60");
            String url = run.awaitGroup("Dashboard: +(http://127\\.0\\.0\\.1:\\d+/) ");
            assertThat(url).doesNotContain(":" + port + "/");
            assertThat(run.out()).contains("Port " + port + " is taken");
            assertThat(BackgroundRun.get(url + "api/v1/channels", TOKEN).statusCode()).isEqualTo(200);
            assertThat(run.stop("demo")).isZero();
        }
    }

    @Test
    void secondsEndsTheDemo() throws Exception {
        BackgroundRun run = new BackgroundRun("demo", "--port", "0", "--seconds", "0.5");
        String token = run.awaitGroup("Token: +(sbdemo_[A-Za-z0-9_-]{43}) ");
        assertThat(token).isNotEqualTo(TOKEN);
        assertThat(run.awaitExit()).isZero();
        assertThat(run.out()).contains("Time is up");
    }

    @Test
    void invalidOptionsAreUsageErrors() {
        CliRun rate = CliRun.run("demo", "--calls-per-minute", "0");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).contains("--calls-per-minute");
        CliRun speed = CliRun.run("demo", "--speed", "-1");
        assertThat(speed.exitCode()).isEqualTo(2);
        assertThat(speed.err()).contains("speed").doesNotContain("\tat ");
        CliRun token = CliRun.run("demo", "--token", "short");
        assertThat(token.exitCode()).isEqualTo(2);
        assertThat(token.err()).contains("token must be at least 16");
        CliRun port = CliRun.run("demo", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
    }

    @Test
    void consoleRunPrintsHeaderSummaryAndOriginateOutcome() {
        CliRun r = CliRun.run("demo", "--console", "--seconds", "2", "--calls-per-minute", "300");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.outLines();
        assertThat(lines[0]).matches("Switchboard demo: FakeAsterisk 127\\.0\\.0\\.1:\\d+, Asterisk 22\\.10\\.1, "
                + "banner \"Asterisk Call Manager/11\\.0\\.0\" \\(AMI 11\\.0\\.0\\); 5 calls/s simulated, for 2 s");
        assertThat(Arrays.stream(lines).filter(l -> l.matches(
                "\\[ *\\d+\\.\\ds] channels \\d+ \\| calls started \\d+, ended \\d+ \\| [\\d.]+ events/s "
                        + "\\| last hangup: .*"))).isNotEmpty();
        // The first Originate is sent at once and awaited before the demo closes the client.
        assertThat(Arrays.stream(lines).filter(l -> l.contains(" originate  Local/short@test -> Success, reason 4 "
                + "(answered)"))).hasSize(1);
        assertThat(lines[lines.length - 1]).matches("Stopped: \\d+ calls started, \\d+ ended, \\d+ events\\.");
    }

    @Test
    void consoleEndsWhenItsOutputIsClosed() throws Exception {
        // "demo --console | head -3" once head has exited: every write fails with EPIPE.
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.run(
                    cmd -> cmd.setOut(new PrintWriter(closedPipe)), "demo", "--console", "--originate-every", "0"),
                    runner);
            CliRun r = run.get(30, TimeUnit.SECONDS); // without --seconds: only the closed output can end it
            assertThat(r.exitCode()).isZero();
            assertThat(r.err()).isEmpty();
        } finally {
            runner.shutdownNow();
        }
    }
}
