package io.switchboard.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every example's {@code main} against its embedded FakeAsterisk, bounded by a fixed amount of work or a
 * short {@code --seconds}, and checks the lines it prints, so the examples cannot rot.
 */
@Timeout(30)
class ExamplesTest {

    /** Runs {@code main} with System.out captured (tests of this class run one at a time). */
    private static String run(MainMethod main, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }

    @FunctionalInterface
    private interface MainMethod {
        void run(String[] args) throws Exception;
    }

    @Test
    void originateCall() throws Exception {
        String out = run(OriginateCall::main);
        assertThat(out).containsPattern("Local/hold@test: answered as Local/hold@test-\\w+;1 \\(state UP, uniqueid ")
                .contains("Local/busy@test: failed: BUSY (Reason 5)")
                .contains("Local/nosuch@test: failed: FAILED (Reason 0)");
    }

    @Test
    void connectParties() throws Exception {
        String out = run(ConnectParties::main);
        assertThat(out).containsPattern("A answered: PJSIP/alice-\\w+")
                .containsPattern("bridged in \\S+ \\(basic\\): PJSIP/\\w+-\\w+ <-> PJSIP/\\w+-\\w+")
                .containsPattern("bridged in .*PJSIP/bob-\\w+")
                .contains("A hung up: 16 (Normal Clearing)");
    }

    @Test
    void listPeers() throws Exception {
        String out = run(ListPeers::main);
        assertThat(out).containsPattern("(?m)^alice +\\S.* channels 0  reachable$")
                .containsPattern("(?m)^bob ")
                .contains("    contact sip:");
    }

    @Test
    void showQueues() throws Exception {
        String out = run(ShowQueues::main);
        assertThat(out).contains("queue testq (ringall): 1 waiting")
                .contains("    member Agent One Local/qagent@test/n status ")
                .contains(" paused (lunch)")
                .containsPattern("    caller 1: Local/queue@test-\\w+;2");
    }

    @Test
    void recordChannel() throws Exception {
        String out = run(RecordChannel::main, "--seconds", "0");
        assertThat(out).containsPattern("recording Local/hold@test-\\w+;1 to switchboard-\\S+\\.wav: true")
                .contains("stopped: recording false");
    }

    @Test
    void viewParkedCalls() throws Exception {
        String out = run(ViewParkedCalls::main);
        assertThat(out).containsPattern("lot default space 70\\d: Local/park@test-\\w+;2 .*times out in \\d+ s");
    }

    @Test
    void runCliCommand() throws Exception {
        assertThat(run(RunCliCommand::main)).startsWith("> core show version\nAsterisk 22");
        assertThat(run(RunCliCommand::main, "core", "show", "uptime")).startsWith("> core show uptime\nSystem uptime");
    }

    @Test
    void editConfig() throws Exception {
        String out = run(EditConfig::main);
        assertThat(out).contains("before: pjsip.conf [bob]", "after: pjsip.conf [bob]", "    context = vip");
        assertThat(out.substring(0, out.indexOf("after:"))).doesNotContain("context = vip");
    }

    @Test
    void billing() throws Exception {
        String out = run(Billing::main, "--calls", "2");
        assertThat(out.lines().filter(l -> l.contains("billable")).toList()).hasSize(4)
                .allSatisfy(l -> assertThat(l).contains("ANSWERED", "billable 5 s", "cause 16"));
    }

    @Test
    void tailEvents() throws Exception {
        String out = run(TailEvents::main, "--count", "5", "--events", "Newchannel,DialEnd,Hangup");
        assertThat(out.lines().toList()).hasSize(5)
                .anySatisfy(l -> assertThat(l).matches("DialEnd \\(originate\\) -> Local/short@test-\\w+;1 ANSWER"))
                .anySatisfy(l -> assertThat(l).startsWith("Newchannel Local/short@test-"))
                .anySatisfy(l -> assertThat(l).startsWith("Hangup Local/short@test-").contains(" cause 16 "));
    }

    @Test
    void followEndpoint() throws Exception {
        String out = run(FollowEndpoint::main);
        assertThat(out).containsPattern("(?m)^Newchannel Channel=PJSIP/alice-\\w+$")
                .containsPattern("(?m)^DialBegin .*DestChannel=PJSIP/alice-\\w+")
                .containsPattern("(?m)^Hangup Channel=PJSIP/alice-\\w+$")
                .containsPattern("(?m)^call \\S+: \\d+ events$");
        assertThat(out).doesNotContain("Local/hold@test-");
    }
}
