package io.switchboard.ami.codec;

import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the decoded captures against {@code expected.tsv}: each action of a {@code .sent} file finds its
 * response in the {@code .recv} file (by ActionID, or by position for the one Ping sent without ActionID),
 * with the expected status, message and extra headers; list actions find their items and completion event.
 */
class ExpectedResultsTest {
    private static final Pattern MORE = Pattern.compile("\\.\\.\\.\\(\\+(\\d+) more\\)");

    static List<String> scenarios() {
        return Transcripts.scenarios();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyActionGetsTheExpectedResponse(String scenario) {
        List<Transcripts.Row> rows = Transcripts.rows(scenario);
        List<Packet> actions = Decoding.decode(Transcripts.bytes(scenario + ".sent"), false).packets();
        List<Packet> received = Decoding.decode(Transcripts.bytes(scenario + ".recv"), true).packets();
        List<Response> responses = received.stream().filter(p -> p.kind() == Packet.Kind.RESPONSE)
                .map(Response::new).toList();

        assertThat(actions).hasSameSizeAs(rows);
        // The server answers one request at a time, so the n-th response belongs to the n-th request.
        assertThat(responses).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            Transcripts.Row row = rows.get(i);
            Packet action = actions.get(i);
            assertThat(row.index()).isEqualTo(i + 1);
            checkAction(row, action);

            String id = action.actionId();
            Response response = id == null ? responses.get(i) : byActionId(responses, id);
            assertThat(response).as("positional response of %s", row).isEqualTo(responses.get(i));
            assertThat(response.actionId()).isEqualTo(id);
            checkResponse(row, response);
            if (row.isList()) {
                checkList(row, id, response, received);
            }
        }
    }

    private static void checkAction(Transcripts.Row row, Packet action) {
        if (row.actionName().isEmpty()) {
            // missing_action: no Action header at all, or an empty one ("Action: ").
            String name = action.get("Action");
            assertThat(name == null || name.isEmpty()).as("no usable Action in %s", action).isTrue();
        } else {
            assertThat(action.kind()).isEqualTo(Packet.Kind.ACTION);
            assertThat(action.name()).isEqualTo(row.actionName());
        }
    }

    private static Response byActionId(List<Response> responses, String id) {
        List<Response> found = responses.stream().filter(r -> id.equals(r.actionId())).toList();
        assertThat(found).as("responses with ActionID %s", id).hasSize(1);
        return found.get(0);
    }

    private static void checkResponse(Transcripts.Row row, Response response) {
        if (row.isList()) {
            assertThat(response.status()).isEqualTo("Success");
            assertThat(response.isSuccess()).isTrue();
            assertThat(response.startsEventList()).isTrue();
        } else {
            assertThat(response.status()).as("status for %s", row).isEqualTo(row.kind());
            assertThat(response.startsEventList()).isFalse();
            assertThat(response.isError()).isEqualTo(row.kind().equals("Error"));
            assertThat(response.isSuccess()).isEqualTo(!row.kind().equals("Error"));
        }
        assertThat(response.message()).as("message for %s", row)
                .isEqualTo(row.message().isEmpty() ? null : row.message());
        matchesExpectedNames(extraHeaderNames(response), row.responseHeaders());
    }

    /** Header names beyond Response/ActionID/Message/EventList, first occurrence each, in wire order. */
    private static List<String> extraHeaderNames(Response response) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < response.packet().size(); i++) {
            String k = response.packet().key(i);
            if (!List.of("Response", "ActionID", "Message", "EventList").contains(k) && !names.contains(k)) {
                names.add(k);
            }
        }
        return names;
    }

    /** expected.tsv abbreviates very long lists as {@code a,b,...(+N more)}. */
    private static void matchesExpectedNames(List<String> names, List<String> expected) {
        if (!expected.isEmpty()) {
            Matcher m = MORE.matcher(expected.get(expected.size() - 1));
            if (m.matches()) {
                List<String> shown = expected.subList(0, expected.size() - 1);
                assertThat(names).startsWith(shown.toArray(String[]::new));
                assertThat(names).hasSize(shown.size() + Integer.parseInt(m.group(1)));
                return;
            }
        }
        assertThat(names).isEqualTo(expected);
    }

    private static void checkList(Transcripts.Row row, String id, Response response, List<Packet> received) {
        assertThat(id).as("list actions in the transcripts carry an ActionID").isNotNull();
        List<Event> tagged = received.stream()
                .filter(p -> p.kind() == Packet.Kind.EVENT && id.equals(p.actionId()))
                .map(Event::new).toList();
        List<Event> items = tagged.stream().filter(e -> row.itemEvents().contains(e.name())).toList();
        List<Event> complete = tagged.stream().filter(e -> e.is(row.completeEvent())).toList();

        assertThat(items).as("items of %s", row).hasSize(row.listCount());
        assertThat(complete).as("completion of %s", row).hasSize(1);
        assertThat(tagged).as("nothing else carries the list's ActionID").hasSize(items.size() + 1);
        assertThat(tagged.get(tagged.size() - 1)).isEqualTo(complete.get(0));
        assertThat(complete.get(0).get("EventList")).isEqualTo("Complete");
        // Every item name the row lists does occur.
        assertThat(items.stream().map(Event::name).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(row.itemEvents());

        EventList list = new EventList(response, items, complete.get(0));
        assertThat(list.size()).isEqualTo(row.listCount());
        assertThat(list.announcedCount()).isEqualTo(row.listCount());
        assertThat(Objects.requireNonNull(list.complete()).name()).isEqualTo(row.completeEvent());
    }
}
