package io.switchboard.testkit;

import io.switchboard.ami.Packet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayTest {

    static List<String> scenarios() {
        return Transcripts.scenarios();
    }

    /**
     * The client sends the recorded requests with its own ActionIDs and must receive exactly the recorded bytes,
     * with the recorded ActionIDs replaced by its own.
     */
    @ParameterizedTest
    @MethodSource("scenarios")
    void replaysEveryTranscriptByteForByte(String scenario) {
        List<Packet> actions = Transcripts.actions(scenario);
        Map<String, String> ids = new HashMap<>();
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        for (int i = 0; i < actions.size(); i++) {
            Packet action = actions.get(i);
            Packet.Builder b = Packet.builder();
            for (int h = 0; h < action.size(); h++) {
                String key = action.key(h);
                String value = action.value(h);
                if (key.equalsIgnoreCase("ActionID")) {
                    String mine = "mine-" + (i + 1) + "-" + Integer.toHexString(value.hashCode());
                    ids.put(value, mine);
                    value = mine;
                }
                if (key.isEmpty()) {
                    requests.writeBytes((value + "\r\n").getBytes(StandardCharsets.UTF_8));  // junk line, no colon
                    continue;
                }
                requests.writeBytes((key + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            requests.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String expected = Transcripts.mapActionIds(Transcripts.text(scenario + ".recv"), ids);

        try (FakeAsterisk fake = FakeAsterisk.replayTranscript(scenario);
             AmiTestClient client = AmiTestClient.connect(fake)) {
            client.send(requests.toByteArray());
            String received = new String(client.readAllUntilClosed(), StandardCharsets.UTF_8);
            if (expected.length() < 100_000) {
                assertThat(received).isEqualTo(expected);
            } else {   // keep a failure report readable
                assertThat(received.length()).isEqualTo(expected.length());
                assertThat(received.equals(expected)).as("replayed bytes equal the recording").isTrue();
            }
            assertThat(fake.replayMismatches()).isEmpty();
        }
    }

    /** Each response of a replay matches expected.tsv (kind and message), so the pairing of responses is right. */
    @ParameterizedTest
    @MethodSource("scenarios")
    void replayedResponsesMatchExpectedTsv(String scenario) {
        List<String[]> rows = new ArrayList<>();
        for (String[] row : Transcripts.expected()) {
            if (row[0].equals(scenario)) {
                rows.add(row);
            }
        }
        try (FakeAsterisk fake = FakeAsterisk.replayTranscript(scenario);
             AmiTestClient client = AmiTestClient.connect(fake)) {
            client.send(Transcripts.bytes(scenario + ".sent"));
            for (String[] row : rows) {
                ExpectedTsv.assertResponse(row, client);
            }
        }
    }

    @Test
    void insertsOrDropsActionIdWhenTheClientDiffersFromTheRecording() {
        try (FakeAsterisk fake = FakeAsterisk.replayTranscript("ping");
             AmiTestClient client = AmiTestClient.connect(fake)) {
            client.send("Action: Login\r\nUsername: admin\r\nSecret: amp111\r\n\r\n");   // recorded with ping-1
            assertThat(client.nextResponse().has("ActionID")).isFalse();
            client.send("Action: Ping\r\nActionID: a\r\n\r\n");
            assertThat(client.nextResponse().actionId()).isEqualTo("a");
            client.send("Action: Ping\r\nActionID: b\r\n\r\n");
            client.send("Action: Ping\r\nActionID: c\r\n\r\n");
            client.send("Action: Ping\r\nActionID: d\r\n\r\n");   // recorded without ActionID
            assertThat(client.nextResponse().actionId()).isEqualTo("b");
            assertThat(client.nextResponse().actionId()).isEqualTo("c");
            Packet inserted = client.nextResponse();
            assertThat(inserted.key(1)).isEqualTo("ActionID");
            assertThat(inserted.actionId()).isEqualTo("d");
            assertThat(inserted.get("Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void reportsRequestsThatDifferFromTheRecording() {
        try (FakeAsterisk fake = FakeAsterisk.replayTranscript("logoff");
             AmiTestClient client = AmiTestClient.connect(fake)) {
            client.send("Action: Ping\r\nActionID: x\r\n\r\n");
            assertThat(client.nextResponse().get("Message")).isEqualTo("Authentication accepted");
            assertThat(fake.replayMismatches()).containsExactly("action 1: recorded Login, received Ping");
        }
    }

    @Test
    void everyConnectionGetsTheWholeRecordingAndActionsCanBeTaken() {
        try (FakeAsterisk fake = FakeAsterisk.replay(Transcripts.text("logoff.recv"), Transcripts.text("logoff.sent"))) {
            for (int i = 0; i < 2; i++) {
                try (AmiTestClient client = AmiTestClient.connect(fake)) {
                    client.send(Transcripts.bytes("logoff.sent"));
                    assertThat(client.readAllUntilClosed()).isEqualTo(Transcripts.bytes("logoff.recv"));
                }
            }
            assertThat(fake.takeAction(AmiTestClient.TIMEOUT).get("Action")).isEqualTo("Login");
        }
    }

    /** A stray blank line gets Asterisk's answer, is reported, and does not shift the recorded replies. */
    @Test
    void aStrayBlankLineIsAnsweredAndReportedWithoutShiftingTheReplay() {
        String sent = Transcripts.text("ping.sent");
        int second = sent.indexOf("\r\n\r\n") + 4;
        try (FakeAsterisk fake = FakeAsterisk.replayTranscript("ping");
             AmiTestClient client = AmiTestClient.connect(fake)) {
            client.send(sent.substring(0, second) + "\r\n" + sent.substring(second));
            String received = new String(client.readAllUntilClosed(), StandardCharsets.UTF_8);
            String recorded = Transcripts.text("ping.recv");
            int afterLogin = recorded.indexOf("Response: Success\r\nActionID: ping-2");
            assertThat(received).isEqualTo(recorded.substring(0, afterLogin)
                    + "Response: Error\r\nMessage: Missing action in request\r\n\r\n" + recorded.substring(afterLogin));
            assertThat(fake.replayMismatches()).containsExactly("empty request (stray blank line) before action 2");
        }
    }
}
