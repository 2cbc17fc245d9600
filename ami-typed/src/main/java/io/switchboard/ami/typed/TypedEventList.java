package io.switchboard.ami.typed;

import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link EventList} (the answer to {@code CoreShowChannels}, {@code Status}, {@code QueueStatus} ...) with
 * typed items: {@code TypedEventList.of(ami.sendList(...)).items(CoreShowChannelEvent.class)}. Items of an
 * undocumented kind ({@code QueueMember}) are {@link UnknownEvent}s, kept in order.
 *
 * @param response the response that opened the list
 * @param items    every item, typed, in wire order
 * @param complete the closing {@code ...Complete} event, or {@code null} if the response was not a list
 */
public record TypedEventList(Response response, List<TypedEvent> items, TypedEvent complete) {
    public TypedEventList {
        Objects.requireNonNull(response, "response");
        items = List.copyOf(items);
    }

    /** Types every item and the completion event of {@code list}. */
    public static TypedEventList of(EventList list) {
        List<TypedEvent> typed = new ArrayList<>(list.items().size());
        for (Event e : list.items()) {
            typed.add(TypedEvents.of(e));
        }
        return new TypedEventList(list.response(), typed,
                list.complete() == null ? null : TypedEvents.of(list.complete()));
    }

    /** The items that are of {@code type}, in order (a list may mix kinds: QueueParams, QueueMember ...). */
    public <T extends TypedEvent> List<T> items(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TypedEvent e : items) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return List.copyOf(out);
    }
}
