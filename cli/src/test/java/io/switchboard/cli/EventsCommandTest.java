package io.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.ami.Packet;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.FakeAsteriskExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code switchboard events}: the command runs on its own thread; the test pushes events through FakeAsterisk
 * once the command reports its subscription is in place, then waits for the command to end by itself.
 */
class EventsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FakeAsteriskExtension FAKE = new FakeAsteriskExtension(FakeAsterisk.Builder::noCallEngine);

    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopRunner() {
        runner.shutdownNow();
    }

    /** Starts {@code events --port P --user admin ARGS...}; {@code subscribed} opens once it listens. */
    private CompletableFuture<CliRun> start(CountDownLatch subscribed, String... args) {
        List<String> all = new ArrayList<>(List.of("events", "--port", Integer.toString(FAKE.port()),
                "--user", FakeAsterisk.DEFAULT_USERNAME));
        all.addAll(Arrays.asList(args));
        return CompletableFuture.supplyAsync(() -> CliRun.run(cmd -> {
            CliRun.env(FakeAsterisk.DEFAULT_SECRET).accept(cmd);
            ((EventsCommand) cmd.getSubcommands().get("events").getCommand()).onSubscribed = subscribed::countDown;
        }, all.toArray(String[]::new)), runner);
    }

    /** Like {@link #start} with stdout replaced by {@code stdout}. */
    private CompletableFuture<CliRun> startWithStdout(CountDownLatch subscribed, OutputStream stdout, String... args) {
        List<String> all = new ArrayList<>(List.of("events", "--port", Integer.toString(FAKE.port()),
                "--user", FakeAsterisk.DEFAULT_USERNAME));
        all.addAll(Arrays.asList(args));
        return CompletableFuture.supplyAsync(() -> CliRun.run(cmd -> {
            CliRun.env(FakeAsterisk.DEFAULT_SECRET).accept(cmd);
            cmd.setOut(new PrintWriter(stdout));
            ((EventsCommand) cmd.getSubcommands().get("events").getCommand()).onSubscribed = subscribed::countDown;
        }, all.toArray(String[]::new)), runner);
    }

    private static void push(String name, String... keysAndValues) {
        Packet.Builder b = Packet.builder().add("Event", name).add("Privilege", "call,all");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.add(keysAndValues[i], keysAndValues[i + 1]);
        }
        FAKE.server().pushEvent(b.build());
    }

    @Test
    void filterAndCountAsText() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1);
        CompletableFuture<CliRun> run = start(subscribed, "--filter", "Hangup,newchannel", "--count", "2");
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        push("UserEvent", "UserEvent", "NotWanted");
        push("Newchannel", "Channel", "PJSIP/alice-00000001");
        push("Newstate", "Channel", "PJSIP/alice-00000001");
        push("Hangup", "Channel", "PJSIP/alice-00000001", "Cause", "16");
        push("Hangup", "Channel", "PJSIP/bob-00000002", "Cause", "17");

        CliRun r = run.get(10, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(
                "Event: Newchannel\nPrivilege: call,all\nChannel: PJSIP/alice-00000001\n\n"
                + "Event: Hangup\nPrivilege: call,all\nChannel: PJSIP/alice-00000001\nCause: 16\n\n");
        assertThat(r.err()).contains("Connected to 127.0.0.1:" + FAKE.port(), "events Hangup,newchannel",
                "stopping after 2");
    }

    @Test
    void channelsByEndpointOrFullNameEachEventOnce() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1);
        CompletableFuture<CliRun> run = start(subscribed, "--channel", "PJSIP/alice", "--channel",
                "pjsip/BOB-00000002", "--count", "3");
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        push("Newchannel", "Channel", "PJSIP/carol-00000009");
        push("Newchannel", "Channel", "PJSIP/alice-00000001");
        push("DialBegin", "Channel", "PJSIP/alice-00000001", "DestChannel", "PJSIP/bob-00000002");
        push("Newchannel", "Channel", "PJSIP/bob-00000003");
        push("Newchannel", "Channel", "PJSIP/alice-bob-00000004");
        push("Hangup", "Channel", "PJSIP/alice-00000001", "Cause", "16");

        CliRun r = run.get(10, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(
                "Event: Newchannel\nPrivilege: call,all\nChannel: PJSIP/alice-00000001\n\n"
                + "Event: DialBegin\nPrivilege: call,all\nChannel: PJSIP/alice-00000001\n"
                + "DestChannel: PJSIP/bob-00000002\n\n"
                + "Event: Hangup\nPrivilege: call,all\nChannel: PJSIP/alice-00000001\nCause: 16\n\n");
        assertThat(r.err()).contains("all events of channels PJSIP/alice,pjsip/BOB-00000002");
    }

    @Test
    void channelsAndFilterMustBothMatch() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1);
        CompletableFuture<CliRun> run = start(subscribed, "--channel", "PJSIP/alice,Local/100@default",
                "--filter", "Hangup", "--count", "2");
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        push("Newchannel", "Channel", "PJSIP/alice-00000001");
        push("Hangup", "Channel", "PJSIP/bob-00000002");
        push("Hangup", "Channel", "PJSIP/alice-00000001");
        push("Hangup", "Channel", "Local/100@default-00000003;2");

        CliRun r = run.get(10, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Event: Hangup\nPrivilege: call,all\nChannel: PJSIP/alice-00000001\n\n"
                + "Event: Hangup\nPrivilege: call,all\nChannel: Local/100@default-00000003;2\n\n");
        assertThat(r.err()).contains("events Hangup of channels PJSIP/alice,Local/100@default");
    }

    @Test
    void aClosedStdoutEndsTheTailLikeHeadDoes() throws Exception {
        // What "events | head -1" leaves once head has exited: every write fails with EPIPE.
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        for (String format : new String[] {"--json", "--filter=Hangup"}) { // JSON Lines, and text blocks
            CountDownLatch subscribed = new CountDownLatch(1);
            CompletableFuture<CliRun> run = startWithStdout(subscribed, closedPipe, format);
            assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
            push("Hangup", "Channel", "PJSIP/alice-00000001");

            CliRun r = run.get(10, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(format).isZero();
            assertThat(r.err().lines()).as(format).singleElement().asString().startsWith("Connected to ");
        }
    }

    @Test
    void blankOrMultiLineFilterNamesAreUsageErrors() {
        String port = Integer.toString(FAKE.port());
        for (String bad : new String[] {"Hangup,,Newchannel", "Hangup\r\nAction: Logoff", "Hang up", " "}) {
            CliRun r = CliRun.withSecret(FakeAsterisk.DEFAULT_SECRET, "events", "--port", port, "--user", "admin",
                    "--filter", bad, "--seconds", "5");
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).isEqualTo("switchboard events: --filter takes event names without spaces or "
                    + "line breaks, e.g. --filter Hangup,Newchannel\n");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void badChannelsAreUsageErrors() {
        String port = Integer.toString(FAKE.port());
        CliRun empty = CliRun.withSecret(FakeAsterisk.DEFAULT_SECRET, "events", "--port", port, "--user", "admin",
                "--channel", "PJSIP/alice", "--channel", " ", "--seconds", "5");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("--channel must not be empty");

        CliRun lineBreak = CliRun.withSecret(FakeAsterisk.DEFAULT_SECRET, "events", "--port", port, "--user",
                "admin", "--channel", "PJSIP/alice\r\nAction: Hangup", "--seconds", "5");
        assertThat(lineBreak.exitCode()).isEqualTo(2);
        assertThat(lineBreak.err()).contains("--channel", "CR or LF");
        assertThat(lineBreak.out()).isEmpty();
    }

    @Test
    void everyEventAsJson() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1);
        CompletableFuture<CliRun> run = start(subscribed, "--json", "--filter", "UserEvent", "--count", "3");
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 3; i++) {
            push("UserEvent", "UserEvent", "Probe", "Seq", Integer.toString(i), "Text", "say \"hi\" Zoë");
        }
        CliRun r = run.get(10, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode n = JSON.readTree(r.outLines()[i]);
            assertThat(n.get("type").asText()).isEqualTo("event");
            assertThat(n.get("name").asText()).isEqualTo("UserEvent");
            assertThat(n.get("headers").get(3).toString()).isEqualTo("[\"Seq\",\"" + (i + 1) + "\"]");
            assertThat(n.get("headers").get(4).get(1).asText()).isEqualTo("say \"hi\" Zoë");
        }
    }

    @Test
    void withoutFilterEveryEventCounts() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1);
        CompletableFuture<CliRun> run = start(subscribed, "--count", "50");
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 60; i++) {
            push("VarSet", "Variable", "N", "Value", Integer.toString(i));
        }
        CliRun r = run.get(10, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isZero();
        // The events FakeAsterisk sends right after login (FullyBooted, SuccessfulAuth) race with the
        // subscription, which can only be made once connect() returned: each may or may not be printed.
        String[] blocks = r.out().split("\n\n");
        assertThat(blocks).hasSize(50);
        List<String> varSets = Arrays.stream(blocks).filter(b -> b.startsWith("Event: VarSet\n")).toList();
        assertThat(Arrays.stream(blocks).filter(b -> !b.startsWith("Event: VarSet\n")))
                .allMatch(b -> b.startsWith("Event: FullyBooted\n") || b.startsWith("Event: SuccessfulAuth\n"));
        assertThat(varSets).hasSizeGreaterThanOrEqualTo(48);
        for (int i = 0; i < varSets.size(); i++) {
            assertThat(varSets.get(i)).endsWith("\nValue: " + i);
        }
    }

    @Test
    void secondsEndsTheCommand() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1);
        CliRun r = start(subscribed, "--filter", "Hangup", "--seconds", "0.3").get(10, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isZero();
        assertThat(subscribed.getCount()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingSecretAndRefusedLogin() {
        String port = Integer.toString(FAKE.port());
        CliRun none = CliRun.withSecret(null, "events", "--port", port, "--user", "admin", "--count", "1");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no AMI secret", "SWITCHBOARD_SECRET");

        CliRun wrong = CliRun.withSecret("Not-The-Secret-99", "events", "--port", port, "--user", "admin");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).startsWith("switchboard events: login as 'admin' refused")
                .doesNotContain("Not-The-Secret-99");
        assertThat(wrong.out()).isEmpty();
    }

    @Test
    void negativeCountIsAUsageError() {
        CliRun r = CliRun.withSecret("x", "events", "--user", "admin", "--count", "-1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("must not be negative");
    }
}
