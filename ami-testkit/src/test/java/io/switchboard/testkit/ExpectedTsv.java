package io.switchboard.testkit;

import io.switchboard.ami.Packet;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks a client's next response against one row of the transcripts' expected.tsv. */
final class ExpectedTsv {
    private ExpectedTsv() {
    }

    /**
     * Row columns: scenario, action_index, action_name, expected_kind, expected_message, expected_list_count,
     * list_item_event, list_complete_event, response_headers.
     */
    static void assertResponse(String[] row, AmiTestClient client) {
        assertResponse(row, client.nextResponse(), client);
    }

    /** Checks {@code response}, already taken from {@code client}; list items are read from the client. */
    static void assertResponse(String[] row, Packet response, AmiTestClient client) {
        String where = row[0] + " action " + row[1] + " (" + row[2] + ")";
        String kind = row[3];
        if (kind.equals("list")) {
            assertThat(response.get("Response")).as(where).isEqualTo("Success");
            assertThat(response.get("EventList")).as(where).isEqualToIgnoringCase("start");
        } else {
            assertThat(response.get("Response")).as(where).isEqualTo(kind);
        }
        if (!row[4].isEmpty()) {
            assertThat(response.get("Message")).as(where).isEqualTo(row[4]);
        }
        for (String header : row[8].split(",")) {
            if (!header.isEmpty() && !header.startsWith("...")) {
                assertThat(response.has(header)).as(where + " has " + header).isTrue();
            }
        }
        if (kind.equals("list")) {
            Set<String> items = Set.of(row[6].split("\\+"));
            String id = response.actionId();
            int count = 0;
            while (true) {
                Packet p = client.next(e -> e.kind() == Packet.Kind.EVENT && id.equals(e.actionId()));
                if (p.name().equalsIgnoreCase(row[7])) {
                    assertThat(p.get("ListItems")).as(where).isEqualTo(row[5]);
                    break;
                }
                assertThat(items).as(where).contains(p.name());
                count++;
            }
            assertThat(count).as(where + " item events").isGreaterThanOrEqualTo(Integer.parseInt(row[5]));
        }
    }
}
