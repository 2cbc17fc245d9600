package io.switchboard.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A long-running {@code switchboard} command (demo, gateway) run in-process on a thread of its own, with its
 * output readable while it runs; stopped as Ctrl-C would stop it.
 */
final class BackgroundRun {
    static final Duration WAIT = Duration.ofSeconds(30);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine cmd = Main.commandLine();
    private final CompletableFuture<Integer> exit;

    BackgroundRun(String... args) {
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        exit = CompletableFuture.supplyAsync(() -> cmd.execute(args), r -> {
            Thread t = new Thread(r, "cli-under-test");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Waits for a line of stdout matching {@code regex} and returns its first group. */
    String awaitGroup(String regex) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        String[] found = new String[1];
        await().atMost(WAIT).until(() -> {
            if (exit.isDone()) {
                throw new AssertionError("command ended (" + exit.join() + "): " + out() + err());
            }
            Matcher m = p.matcher(out());
            if (m.find()) {
                found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                return true;
            }
            return false;
        });
        return found[0];
    }

    String out() {
        synchronized (out) {
            return out.toString();
        }
    }

    String err() {
        return err.toString();
    }

    /** Asks the subcommand to stop (as Ctrl-C does) and returns its exit code. */
    int stop(String subcommand) throws Exception {
        Object c = cmd.getSubcommands().get(subcommand).getCommand();
        if (c instanceof DemoCommand d) {
            d.stop();
        } else if (c instanceof GatewayCommand g) {
            g.stop();
        }
        return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    int awaitExit() throws Exception {
        return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** GET with a bearer token (null: none); returns the response. */
    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Live threads, except JVM-wide ones that are nobody's to stop: the JDK's HTTP client, common pool and
     * CompletableFuture timeout scheduler (one per JVM, made on first use), and Awaitility's.
     */
    static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("HttpClient") && !t.getName().startsWith("ForkJoinPool")
                        && !t.getName().equals("CompletableFutureDelayScheduler")
                        && !t.getName().startsWith("awaitility") && !t.getName().equals("cli-under-test"))
                .collect(Collectors.toSet());
    }

    /** Waits until every thread started since {@code before} has ended. */
    static void awaitNoNewThreads(Set<Thread> before) {
        await().atMost(WAIT).untilAsserted(() -> {
            Set<Thread> now = threads();
            now.removeAll(before);
            org.assertj.core.api.Assertions.assertThat(now).extracting(Thread::getName).isEmpty();
        });
    }
}
