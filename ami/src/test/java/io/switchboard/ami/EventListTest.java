package io.switchboard.ami;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link EventList}: the collected result of a list action. */
class EventListTest {
    private static final Response START = new Response(Packet.of("Response", "Success", "ActionID", "l-1",
            "EventList", "start", "Message", "Channels will follow"));

    private static Event complete(String... extra) {
        List<String> kv = new ArrayList<>(List.of("ActionID", "l-1", "EventList", "Complete"));
        kv.addAll(List.of(extra));
        return Event.of("CoreShowChannelsComplete", kv.toArray(String[]::new));
    }

    @Test
    void announcedCountComesFromListItems() {
        List<Event> items = List.of(Event.of("CoreShowChannel", "ActionID", "l-1"),
                Event.of("CoreShowChannel", "ActionID", "l-1"));
        EventList list = new EventList(START, items, complete("ListItems", "2"));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.announcedCount()).isEqualTo(2);
        assertThat(new EventList(START, items, complete("ListItems", "6")).announcedCount()).isEqualTo(6);
        assertThat(new EventList(START, items, complete("listitems", " 3 ")).announcedCount()).isEqualTo(3);
    }

    @Test
    void announcedCountIsMinusOneWhenUnknown() {
        assertThat(new EventList(START, List.of(), null).announcedCount()).isEqualTo(-1);
        assertThat(new EventList(START, List.of(), complete()).announcedCount()).isEqualTo(-1);
        assertThat(new EventList(START, List.of(), complete("ListItems", "many")).announcedCount()).isEqualTo(-1);
        assertThat(new EventList(START, List.of(), complete("ListItems", "")).announcedCount()).isEqualTo(-1);
        assertThat(new EventList(START, List.of(), complete("ListItems", "99999999999")).announcedCount())
                .isEqualTo(-1);
    }

    @Test
    void itemsAreACopy() {
        List<Event> items = new ArrayList<>(List.of(Event.of("Status")));
        EventList list = new EventList(START, items, null);
        items.add(Event.of("Status"));
        assertThat(list.size()).isEqualTo(1);
        assertThatThrownBy(() -> list.items().add(Event.of("X"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new EventList(null, List.of(), null)).isInstanceOf(NullPointerException.class);
    }
}
