package io.switchboard.ami;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Packet}: building, lookups, equality, wire form. */
class PacketTest {

    @Test
    void builderRefusesKeysAndValuesThatWouldBreakFraming() {
        assertThatThrownBy(() -> Packet.builder().add("", "x: y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Packet.builder().add("A: B", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Packet.builder().add("A:", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Packet.builder().add("ChanVariable(IAX2/host:4569-1)", "x=y").build().toWire())
                .asString().isEqualTo("ChanVariable(IAX2/host:4569-1): x=y\r\n\r\n");
        assertThat(Packet.builder().add("", "a line without colon").build().toWire())
                .asString().isEqualTo("a line without colon\r\n\r\n");
        assertThatThrownBy(() -> Packet.builder().add("A\rB", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Packet.builder().add("A\nB", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Packet.builder().add("A", "x\r\nEvent: Fake"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Packet.builder().add("A", "x\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Packet.builder().add(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Packet.builder().add("A", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Packet.of("A")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Packet.wrap(new byte[0], new int[3], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalsAndHashCodeFollowTheHeaders() {
        Packet a = Packet.of("Event", "Hangup", "Channel", "x", "Cause", "16");
        Packet b = Packet.builder().add("Event", "Hangup").add("Channel", "x").add("Cause", "16").build();
        Packet wrapped = Packet.wrap("Event: HangupChannel: xCause: 16".getBytes(StandardCharsets.US_ASCII),
                new int[] {0, 5, 7, 13, 13, 20, 22, 23, 23, 28, 30, 32}, 3);
        assertThat(a).isEqualTo(b).isEqualTo(wrapped).hasSameHashCodeAs(b).hasSameHashCodeAs(wrapped);
        assertThat(a).isEqualTo(a).isNotEqualTo(null).isNotEqualTo("Event: Hangup");
        assertThat(a).isNotEqualTo(Packet.of("Event", "Hangup", "Cause", "16", "Channel", "x"));
        assertThat(a).isNotEqualTo(Packet.of("Event", "Hangup", "Channel", "x"));
        assertThat(a).isNotEqualTo(Packet.of("Event", "Hangup", "Channel", "x", "Cause", "17"));
        // Equality is exact: key spelling counts, even though lookups ignore case.
        assertThat(a).isNotEqualTo(Packet.of("Event", "Hangup", "channel", "x", "Cause", "16"));
        // Key/value boundaries count.
        assertThat(Packet.of("AB", "C")).isNotEqualTo(Packet.of("A", "BC"));
    }

    @Test
    void keyEndsWithIgnoresCaseInBuiltAndDecodedPackets() {
        Packet built = Packet.of("Event", "DialBegin", "DestChannel", "PJSIP/bob-2", "Channel", "x", "Chan", "y",
                "ChanVariable(IAX2/h:1-Channel)", "z", "", "no colon at all Channel");
        byte[] lines = ("Event: DialBegin\r\nDestChannel: PJSIP/bob-2\nChannel: x\r\nChan: y\n"
                + "ChanVariable(IAX2/h:1-Channel): z\nno colon at all Channel").getBytes(StandardCharsets.US_ASCII);
        Packet decoded = Packet.wrapLines(lines, new int[] {0, 18, 43, 55, 63, 97}, 6);
        assertThat(decoded).isEqualTo(built);
        for (Packet p : List.of(built, decoded)) {
            assertThat(p.keyEndsWithIgnoreCase(1, "channel")).isTrue();
            assertThat(p.keyEndsWithIgnoreCase(1, "DESTCHANNEL")).isTrue();
            assertThat(p.keyEndsWithIgnoreCase(1, "XDestChannel")).as("longer than the key").isFalse();
            assertThat(p.keyEndsWithIgnoreCase(2, "Channel")).isTrue();
            assertThat(p.keyEndsWithIgnoreCase(3, "Channel")).isFalse();
            assertThat(p.keyEndsWithIgnoreCase(4, "Channel)")).as("key holding ':'").isTrue();
            assertThat(p.keyEndsWithIgnoreCase(5, "Channel")).as("empty key, whatever the value").isFalse();
            assertThat(p.keyEndsWithIgnoreCase(0, "")).isTrue();
            assertThat(p.keyEndsWithIgnoreCase(1, "Chännel")).isFalse();
        }
        assertThat(Packet.of("Event", "X", "Kanäl", "v").keyEndsWithIgnoreCase(1, "NÄL")).isTrue();
        assertThatThrownBy(() -> built.keyEndsWithIgnoreCase(6, "x")).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void lookups() {
        Packet p = Packet.of("Response", "Success", "Output", "a", "output", "b", "Message", "m: n", "OUTPUT", "");
        assertThat(p.kind()).isEqualTo(Packet.Kind.RESPONSE);
        assertThat(p.name()).isEqualTo("Success");
        assertThat(p.size()).isEqualTo(5);
        assertThat(p.get("MESSAGE")).isEqualTo("m: n");
        assertThat(p.getAll("Output")).containsExactly("a", "b", "");
        assertThat(p.getAll("Nope")).isEmpty();
        assertThat(p.has("message")).isTrue();
        assertThat(p.indexOf("output")).isEqualTo(1);
        assertThat(p.actionId()).isNull();
        assertThat(p.key(2)).isEqualTo("output");
        assertThat(p.value(3)).isEqualTo("m: n");
        assertThatThrownBy(() -> p.key(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> p.value(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> p.headers().add(new Header("X", "y"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyPacket() {
        Packet p = Packet.of();
        assertThat(p.size()).isZero();
        assertThat(p.kind()).isEqualTo(Packet.Kind.OTHER);
        assertThat(p.name()).isEmpty();
        assertThat(p.headers()).isEmpty();
        assertThat(p.toWire()).isEqualTo("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void wireForm() {
        Packet p = Packet.of(List.of(new Header("Action", "Login"), new Header("Username", "admin"),
                new Header("Events", "")));
        assertThat(new String(p.toWire(), StandardCharsets.UTF_8))
                .isEqualTo("Action: Login\r\nUsername: admin\r\nEvents: \r\n\r\n");
        assertThat(Packet.builder().addAll(p).add("X", "é").build().toWire())
                .endsWith("X: é\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void toStringMasksSecrets() {
        Packet p = Packet.of("Action", "Login", "Username", "admin", "Secret", "amp111", "key", "abc123");
        assertThat(p.toString()).contains("admin").doesNotContain("amp111").doesNotContain("abc123");
        assertThat(new Header("Secret", "amp111").toString()).isEqualTo("Secret: ********");
    }

    @Test
    void everyDecodedPacketCanBeCopiedThroughTheBuilder() {
        Packet decoded = Packet.wrap("EventChanVariable(IAX2/host:4569-1)x=y".getBytes(StandardCharsets.US_ASCII),
                new int[] {0, 5, 5, 5, 5, 35, 35, 38}, 2);
        assertThat(decoded.key(1)).isEqualTo("ChanVariable(IAX2/host:4569-1)");
        assertThat(Packet.builder().addAll(decoded).build()).isEqualTo(decoded);
    }

    @Test
    void nonAsciiKeysCanBeLookedUp() {
        Packet p = Packet.of("Café", "1");
        assertThat(p.get("Café")).isEqualTo("1");
        assertThat(p.has("CAFé")).isTrue();
    }

    @Test
    void nonAsciiValuesCompareAsText() {
        assertThat(Event.of("Café").is("Café")).isTrue();
        assertThat(Event.of("é").is("Ã©")).isFalse();
    }

    @Test
    void headerComparisonsCheckTheIndex() {
        Packet p = Packet.wrap("AbCd".getBytes(StandardCharsets.US_ASCII), new int[] {0, 1, 1, 2, 2, 3, 3, 4}, 1);
        assertThatThrownBy(() -> p.keyEquals(1, "C")).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
