package io.switchboard.ami;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Response} and {@link Event}: classification and helpers. */
class ResponseTest {

    private static Response response(String... keysAndValues) {
        return new Response(Packet.of(keysAndValues));
    }

    @Test
    void onlyResponsePacketsAreResponses() {
        assertThatThrownBy(() -> new Response(Packet.of("Event", "OriginateResponse", "Response", "Success")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Response(Packet.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Response(null)).isInstanceOf(NullPointerException.class);
        assertThat(response("response", "Success").status()).isEqualTo("Success");
    }

    @Test
    void statusHelpers() {
        assertThat(response("Response", "Success").isSuccess()).isTrue();
        assertThat(response("Response", "success").isSuccess()).isTrue();
        assertThat(response("Response", "Goodbye", "Message", "Thanks for all the fish.").isSuccess()).isTrue();
        assertThat(response("Response", "Follows").isSuccess()).isTrue();
        Response error = response("Response", "Error", "ActionID", "a-1", "Message", "Permission denied");
        assertThat(error.isError()).isTrue();
        assertThat(error.isSuccess()).isFalse();
        assertThat(error.message()).isEqualTo("Permission denied");
        assertThat(error.actionId()).isEqualTo("a-1");
        assertThat(response("Response", "ERROR").isError()).isTrue();
        Response odd = response("Response", "Failure");
        assertThat(odd.isSuccess()).isFalse();
        assertThat(odd.isError()).isFalse();
        assertThat(odd.message()).isNull();
    }

    @Test
    void eventListStartIsCaseInsensitive() {
        assertThat(response("Response", "Success", "EventList", "start", "Message", "Channels will follow")
                .startsEventList()).isTrue();
        // FAXSessions sends "Start".
        assertThat(response("Response", "Success", "EventList", "Start").startsEventList()).isTrue();
        assertThat(response("Response", "Success", "eventlist", "START").startsEventList()).isTrue();
        assertThat(response("Response", "Success", "EventList", "Complete").startsEventList()).isFalse();
        assertThat(response("Response", "Success", "Message", "start").startsEventList()).isFalse();
        assertThat(response("Response", "Success").startsEventList()).isFalse();
    }

    @Test
    void commandOutput() {
        Response r = response("Response", "Success", "Message", "Command output follows", "Output", "line 1",
                "Output", "", "Output", "line: 3");
        assertThat(r.output()).containsExactly("line 1", "", "line: 3");
        assertThat(r.getAll("output")).hasSize(3);
        assertThat(r.has("Message")).isTrue();
        assertThat(r.headers()).hasSize(5);
    }

    @Test
    void equalityAndToString() {
        Response a = response("Response", "Success", "Ping", "Pong");
        assertThat(a).isEqualTo(response("Response", "Success", "Ping", "Pong"))
                .hasSameHashCodeAs(response("Response", "Success", "Ping", "Pong"))
                .isNotEqualTo(response("Response", "Success"));
        assertThat(a.toString()).isEqualTo("Response{Response: Success, Ping: Pong}");
        assertThat(response("Response", "Success", "Secret", "s3").toString()).doesNotContain("s3");
    }

    @Test
    void events() {
        Event e = Event.of("Newexten", "Channel", "Local/x;1", "AppData", "a: b");
        assertThat(e.name()).isEqualTo("Newexten");
        assertThat(e.is("NewExten")).isTrue();
        assertThat(e.is("Newexte")).isFalse();
        assertThat(e.get("channel")).isEqualTo("Local/x;1");
        assertThat(e.packet().kind()).isEqualTo(Packet.Kind.EVENT);
        assertThat(e).isEqualTo(new Event(e.packet())).hasSameHashCodeAs(new Event(e.packet()));
        assertThat(e.toString()).isEqualTo("Event{Event: Newexten, Channel: Local/x;1, AppData: a: b}");
        assertThatThrownBy(() -> Event.of("X", "odd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Event(Packet.of("Response", "Success")))
                .isInstanceOf(IllegalArgumentException.class);
        // OriginateResponse is an event although it carries a Response header.
        Event originate = new Event(Packet.of("Event", "OriginateResponse", "Response", "Failure"));
        assertThat(originate.get("Response")).isEqualTo("Failure");
    }
}
