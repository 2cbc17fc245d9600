package io.switchboard.testkit;

import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live server (not replay) against the Asterisk 22.10.1 recordings: the same requests must produce the same
 * bytes, apart from values that differ from run to run (times, addresses, session ids, the challenge).
 */
class GoldenLiveTest {
    private FakeAsterisk fake;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder()
                .account("admin", "amp111", "all", "all")
                .account("readonly", "ro123", "call,system", "")
                .loginDelay(Duration.ZERO)
                .start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ping", "login_success", "login_failure", "unauthenticated_action", "invalid_action",
            "missing_action", "userevent", "logoff", "command_misc", "listcommands", "command_core_show_help"})
    void sameBytesAsAsterisk(String scenario) {
        try (AmiTestClient client = AmiTestClient.connect(fake)) {
            client.send(Transcripts.bytes(scenario + ".sent"));
            String received = normalize(new String(client.readAllUntilClosed(), StandardCharsets.UTF_8));
            assertThat(received).isEqualTo(normalize(Transcripts.text(scenario + ".recv")));
        }
    }

    @Test
    void md5LoginSameBytesAsAsterisk() {
        List<Packet> recorded = Transcripts.actions("login_md5");
        try (AmiTestClient client = AmiTestClient.connect(fake)) {
            client.send(recorded.get(0));
            String challenge = client.nextResponse().get("Challenge");
            assertThat(challenge).matches("[0-9]{9}");
            Packet.Builder login = Packet.builder();
            for (int i = 0; i < recorded.get(1).size(); i++) {
                String key = recorded.get(1).key(i);
                login.add(key, key.equals("Key") ? md5(challenge + "amp111") : recorded.get(1).value(i));
            }
            client.send(login.build());
            client.send(recorded.get(2));
            String received = normalize(new String(client.readAllUntilClosed(), StandardCharsets.UTF_8));
            assertThat(received).isEqualTo(normalize(Transcripts.text("login_md5.recv")));
        }
    }

    /**
     * filter.recv: the Filter responses byte for byte, then the effect of the filters: of a call's events only
     * Newchannel and Hangup of the ;1 half pass, exactly as recorded.
     */
    @Test
    void filterSameBytesAsAsterisk() {
        List<Packet> recorded = Transcripts.actions("filter");
        List<Packet> recordedEvents = packets(Transcripts.bytes("filter.recv")).stream()
                .filter(p -> p.kind() == Packet.Kind.EVENT && p.get("Channel") != null).toList();
        Packet newchannel1 = recordedEvents.get(0);
        Packet hangup1 = recordedEvents.get(1);
        try (AmiTestClient client = AmiTestClient.connect(fake)) {
            for (Packet action : recorded.subList(0, recorded.size() - 1)) {
                client.send(action);
                client.nextResponse();
            }
            fake.pushEvent(newchannel1);
            fake.pushEvent(withChannel(newchannel1, "Local/short@test-00000011;2"));
            fake.pushEvent(Packet.of("Event", "Newexten", "Privilege", "dialplan,all",
                    "Channel", "Local/short@test-00000011;1", "Application", "Wait"));
            fake.pushEvent(withChannel(hangup1, "Local/short@test-00000011;2"));
            fake.pushEvent(hangup1);
            client.nextEvent("Hangup");
            client.send(recorded.get(recorded.size() - 1));
            String received = normalize(new String(client.readAllUntilClosed(), StandardCharsets.UTF_8));
            assertThat(received).isEqualTo(normalize(Transcripts.text("filter.recv")));
        }
    }

    /** The live server's responses match expected.tsv for every scenario that needs no call simulation. */
    @ParameterizedTest
    @ValueSource(strings = {"login_success", "login_failure", "login_md5", "unauthenticated_action", "ping",
            "command_misc", "command_core_show_help", "userevent", "listcommands", "invalid_action", "missing_action",
            "permission_denied_readonly", "events_off_on", "filter", "logoff"})
    void responsesMatchExpectedTsv(String scenario) {
        try (AmiTestClient client = AmiTestClient.connect(fake)) {
            for (String[] row : Transcripts.expected()) {
                if (!row[0].equals(scenario)) {
                    continue;
                }
                Packet action = Transcripts.actions(scenario).get(Integer.parseInt(row[1]) - 1);
                if ("MD5".equals(action.get("AuthType")) && action.has("Key")) {
                    action = Packet.of("Action", "Login", "ActionID", action.actionId(), "AuthType", "MD5",
                            "Username", "admin", "Key", md5(lastChallenge + "amp111"));
                }
                client.send(action);
                if (row[2].equals("Challenge")) {
                    Packet response = client.nextResponse();
                    lastChallenge = response.get("Challenge");
                    ExpectedTsv.assertResponse(row, response, client);
                } else {
                    ExpectedTsv.assertResponse(row, client);
                }
            }
        }
    }

    private String lastChallenge;

    static String normalize(String wire) {
        return Transcripts.normalize(wire)
                .replaceAll("(?m)^Output: Asterisk 22\\.10\\.1 built by .*$", "Output: <version>")
                .replaceAll("(?m)^Output: (System uptime|Last reload): .*$", "Output: $1: <duration>");
    }

    private static List<Packet> packets(byte[] wire) {
        List<Packet> out = new ArrayList<>();
        new PacketDecoder(DecoderLimits.DEFAULT, true, out::add).feed(wire);
        return out;
    }

    private static Packet withChannel(Packet event, String channel) {
        Packet.Builder b = Packet.builder();
        for (int i = 0; i < event.size(); i++) {
            b.add(event.key(i), event.key(i).equals("Channel") ? channel : event.value(i));
        }
        return b.build();
    }

    static String md5(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
