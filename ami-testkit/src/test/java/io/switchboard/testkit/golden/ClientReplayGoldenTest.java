package io.switchboard.testkit.golden;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AuthType;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Response;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;
import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Golden test of the client: every recorded Asterisk 22.10.1 session is replayed by FakeAsterisk, the client
 * sends the same actions through its public API, and what it reports (responses, errors, list counts, events in
 * order) must equal what the real server sent, as listed in {@code expected.tsv} and the {@code .recv} files.
 */
class ClientReplayGoldenTest {
    // Looked up through the class loader, not Class.getResourceAsStream: these tests run inside a named
    // module, where the Class method only sees that module's own resources, and the recordings live in
    // the switchboard-transcripts jar.
    private static final String BASE = "io/switchboard/transcripts/";

    /** One row of expected.tsv. */
    record Expected(int index, String action, String kind, String message, String listCount, String item,
                    String complete) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"login_success", "login_md5", "ping", "logoff", "command_core_show_help", "command_misc",
            "coreshowchannels_3calls", "status_all", "command_core_show_channels", "getvar_setvar", "redirect",
            "hangup_channel", "originate_async", "originate_async_exten", "originate_sync_fail", "userevent",
            "listcommands", "queue", "parkedcalls", "mixmonitor", "invalid_action", "permission_denied_readonly",
            "events_off_on", "filter", "event_storm"})
    void clientSeesWhatTheRealServerSent(String scenario) throws Exception {
        List<Packet> sent = decode(scenario + ".sent", false);
        List<Packet> recv = decode(scenario + ".recv", true);
        List<Expected> expected = expected(scenario);
        assertThat(expected).hasSize(sent.size());

        int first = sent.get(0).get("Action").equalsIgnoreCase("Challenge") ? 2 : 1;
        Packet login = sent.get(first - 1);
        AmiConfig config = AmiConfig.builder().host("127.0.0.1").username(login.get("Username"))
                .secret(login.get("Secret") == null ? "amp111" : login.get("Secret"))
                .authType(first == 2 ? AuthType.MD5 : AuthType.PLAIN)
                .actionTimeout(Duration.ofSeconds(30)).keepaliveInterval(null).reconnect(false).build();

        java.util.Queue<Event> events = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (FakeAsterisk fake = FakeAsterisk.replayTranscript(scenario)) {
            AmiClient client = AmiClient.connect(config.toBuilder().port(fake.port()).build(),
                    c -> c.onAny(events::add));
            Set<String> listActionIds = new HashSet<>();
            for (int i = first; i < sent.size(); i++) {
                Packet request = sent.get(i);
                Expected want = expected.get(i);
                if (want.action().equalsIgnoreCase("Logoff")) {
                    break; // close() sends it
                }
                Action action = toAction(request);
                String context = scenario + " #" + want.index() + " " + want.action();
                if (want.kind().equals("list")) {
                    EventList list = client.sendList(action);
                    listActionIds.add(request.actionId());
                    assertThat(list.response().message()).as(context).isEqualTo(want.message());
                    assertThat(list.items()).as(context).hasSize(Integer.parseInt(want.listCount()));
                    Set<String> itemNames = Set.of(want.item().split("\\+"));
                    assertThat(list.items()).as(context).allMatch(e -> itemNames.contains(e.name()));
                    assertThat(list.items().stream().map(Event::name).collect(Collectors.toSet())).as(context)
                            .isEqualTo(list.items().isEmpty() ? Set.of() : itemNames);
                    assertThat(list.complete().name()).as(context).isEqualTo(want.complete());
                    assertThat(list.announcedCount()).as(context).isEqualTo(list.size());
                } else if (want.kind().equals("Error")) {
                    assertThatThrownBy(() -> client.send(action)).as(context)
                            .isInstanceOfSatisfying(ActionFailedException.class,
                                    e -> assertThat(e.response().message()).isEqualTo(want.message()));
                } else {
                    Response r = client.send(action);
                    assertThat(r.status()).as(context).isEqualTo(want.kind());
                    assertThat(r.message()).as(context).isEqualTo(want.message().isEmpty() ? null : want.message());
                }
            }
            List<String> wanted = recordedBroadcastEvents(recv, listActionIds);
            // Events recorded before the Goodbye arrive before close() returns it; wait for their delivery first.
            int beforeLogoff = wanted.size() - eventsAfterLastResponse(recv);
            await().atMost(Duration.ofSeconds(60)).until(() -> events.size() >= beforeLogoff);
            client.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> events.size() >= wanted.size());
            assertThat(events.stream().map(Event::name).collect(Collectors.toList())).as(scenario + " events")
                    .isEqualTo(wanted);
            assertThat(fake.replayMismatches()).as(scenario + " requests").isEmpty();
        }
    }

    @Test
    void wrongSecretIsAnAuthenticationException() {
        try (FakeAsterisk fake = FakeAsterisk.replayTranscript("login_failure")) {
            AmiConfig config = AmiConfig.builder().port(fake.port()).username("admin").secret("wrongsecret")
                    .reconnect(false).build();
            assertThatThrownBy(() -> AmiClient.connect(config)).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("Authentication failed").hasMessageNotContaining("wrongsecret");
        }
    }

    @Test
    void requestsWithoutAUsableActionCannotBeBuilt() throws IOException {
        // missing_action.sent holds requests the real server refused; the client refuses to produce them.
        List<Packet> sent = decode("missing_action.sent", false);
        assertThat(sent.stream().filter(p -> p.get("Action") == null || p.get("Action").isBlank())).isNotEmpty();
        assertThatThrownBy(() -> Action.named(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The recorded action with its headers, minus the ActionID the client assigns itself. */
    private static Action toAction(Packet request) {
        Action action = Action.named(request.get("Action"));
        for (int i = 0; i < request.size(); i++) {
            String key = request.key(i);
            if (!key.equalsIgnoreCase("Action") && !key.equalsIgnoreCase("ActionID")) {
                action = action.header(key, request.value(i));
            }
        }
        return action;
    }

    /** Events recorded after the last response (the Goodbye): they only come once Logoff is sent. */
    private static int eventsAfterLastResponse(List<Packet> recv) {
        int n = 0;
        for (int i = recv.size() - 1; i >= 0 && recv.get(i).kind() != Packet.Kind.RESPONSE; i--) {
            n++;
        }
        return n;
    }

    /** Names of recorded events a subscriber should get: all but the items of list answers. */
    private static List<String> recordedBroadcastEvents(List<Packet> recv, Set<String> listActionIds) {
        List<String> names = new ArrayList<>();
        for (Packet p : recv) {
            if (p.kind() == Packet.Kind.EVENT && !listActionIds.contains(p.actionId())) {
                names.add(p.name());
            }
        }
        return names;
    }

    private static List<Expected> expected(String scenario) throws IOException {
        List<Expected> rows = new ArrayList<>();
        for (String line : read("expected.tsv").split("\n")) {
            String[] f = line.split("\t", -1);
            if (f[0].equals(scenario)) {
                rows.add(new Expected(Integer.parseInt(f[1]), f[2], f[3], f[4], f[5], f[6], f[7]));
            }
        }
        return rows;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = ClientReplayGoldenTest.class.getClassLoader().getResourceAsStream(BASE + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Packet> decode(String name, boolean banner) throws IOException {
        List<Packet> out = new ArrayList<>();
        PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, banner, out::add);
        try (InputStream in = ClientReplayGoldenTest.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing resource " + name));
            }
            d.feed(in.readAllBytes());
        }
        d.finish();
        return out;
    }
}
