package io.switchboard.ami.codec;

import io.switchboard.ami.Header;
import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every golden {@code .recv} capture decodes, packet by packet, to what an independent naive splitter
 * ({@link ReferenceSplitter}) sees in the same bytes; counts are also pinned to numbers taken from the files.
 */
class GoldenTranscriptTest {
    /** Packets per {@code .recv} (after the banner), counted once from the files with a separate script. */
    private static final Map<String, Integer> PACKETS = Map.ofEntries(
            Map.entry("command_core_show_channels", 6), Map.entry("command_core_show_help", 5),
            Map.entry("command_misc", 8), Map.entry("coreshowchannels_3calls", 12),
            Map.entry("event_storm", 16_362), Map.entry("events_off_on", 30), Map.entry("filter", 12),
            Map.entry("getvar_setvar", 15), Map.entry("hangup_channel", 14), Map.entry("invalid_action", 7),
            Map.entry("listcommands", 5), Map.entry("login_failure", 1), Map.entry("login_md5", 5),
            Map.entry("login_success", 4), Map.entry("logoff", 4), Map.entry("missing_action", 10),
            Map.entry("mixmonitor", 39), Map.entry("originate_async", 41), Map.entry("originate_async_exten", 32),
            Map.entry("originate_sync_fail", 44), Map.entry("parkedcalls", 46),
            Map.entry("permission_denied_readonly", 25), Map.entry("ping", 8), Map.entry("queue", 133),
            Map.entry("redirect", 15), Map.entry("status_all", 16), Map.entry("unauthenticated_action", 7),
            Map.entry("userevent", 6));

    static List<String> scenarios() {
        return Transcripts.scenarios();
    }

    @Test
    void everyScenarioIsCovered() {
        assertThat(Transcripts.scenarios()).containsExactlyInAnyOrderElementsOf(PACKETS.keySet());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void recvDecodesLikeTheReferenceSplitter(String scenario) {
        byte[] bytes = Transcripts.bytes(scenario + ".recv");
        Decoding.Result got = Decoding.decode(bytes, true);
        ReferenceSplitter.Ref want = ReferenceSplitter.split(bytes, true);

        assertThat(got.banners()).containsExactly(Transcripts.BANNER);
        assertThat(want.banners()).containsExactly(Transcripts.BANNER);
        assertThat(got.packets()).hasSize(PACKETS.get(scenario));
        assertThat(want.packets()).hasSize(PACKETS.get(scenario));
        for (int i = 0; i < want.packets().size(); i++) {
            Packet p = got.packets().get(i);
            ReferenceSplitter.RefPacket r = want.packets().get(i);
            assertThat(p.kind()).as("kind of packet %d", i).isEqualTo(r.kind());
            assertThat(p.name()).as("name of packet %d", i).isEqualTo(r.name());
            assertThat(List.copyOf(p.headers())).as("headers of packet %d", i).isEqualTo(r.headers());
            assertThat(p).as("packet %d equals one built from the reference", i).isEqualTo(Packet.of(r.headers()));
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void recvHasOnlyEventsAndResponses(String scenario) {
        Decoding.Result got = Decoding.decode(Transcripts.bytes(scenario + ".recv"), true);
        assertThat(got.packets()).extracting(Packet::kind)
                .allMatch(k -> k == Packet.Kind.EVENT || k == Packet.Kind.RESPONSE)
                .contains(Packet.Kind.RESPONSE);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void sentDecodesWithoutBannerToOnePacketPerExpectedRow(String scenario) {
        byte[] bytes = Transcripts.bytes(scenario + ".sent");
        Decoding.Result got = Decoding.decode(bytes, false);
        assertThat(got.banners()).isEmpty();
        assertThat(got.packets()).hasSize(Transcripts.rows(scenario).size());
        List<List<Header>> want = ReferenceSplitter.split(bytes, false).packets().stream()
                .map(ReferenceSplitter.RefPacket::headers).toList();
        assertThat(got.headerLists()).isEqualTo(want);
        // With expectBanner the first line "Action: Login" has a colon, so it is a header, not a greeting.
        assertThat(Decoding.decode(bytes, true)).isEqualTo(got);
    }

    @Test
    void eventStormCountsMatchTheReadme() {
        Decoding.Result got = Decoding.decode(Transcripts.bytes(Transcripts.STORM + ".recv"), true);
        Map<Packet.Kind, Long> kinds = got.packets().stream()
                .collect(Collectors.groupingBy(Packet::kind, TreeMap::new, Collectors.counting()));
        // 16,362 messages: 302 responses (Login, 300 Originate, Logoff) and 16,060 events.
        assertThat(kinds).containsExactly(Map.entry(Packet.Kind.EVENT, 16_060L), Map.entry(Packet.Kind.RESPONSE, 302L));
        Map<String, Long> events = got.packets().stream().filter(p -> p.kind() == Packet.Kind.EVENT)
                .collect(Collectors.groupingBy(Packet::name, Collectors.counting()));
        assertThat(events).containsEntry("OriginateResponse", 300L)
                .containsEntry("Newchannel", 856L)
                .containsEntry("Hangup", 856L)
                .containsEntry("VarSet", 3_832L)
                .containsEntry("Newexten", 2_237L)
                .containsEntry("Cdr", 634L)
                .containsEntry("MixMonitorStart", 27L);
        List<Packet> originates = got.packets().stream()
                .filter(p -> p.kind() == Packet.Kind.RESPONSE && "Originate successfully queued".equals(p.get("Message")))
                .toList();
        assertThat(originates).hasSize(300);
        // OriginateResponse carries a Response header but is an event: only the first line classifies.
        assertThat(got.packets()).filteredOn(p -> p.name().equals("OriginateResponse"))
                .allSatisfy(p -> {
                    assertThat(p.kind()).isEqualTo(Packet.Kind.EVENT);
                    assertThat(p.get("Response")).isIn("Success", "Failure");
                    assertThat(p.actionId()).startsWith("event_storm-");
                });
    }
}
