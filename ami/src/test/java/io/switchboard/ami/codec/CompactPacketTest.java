package io.switchboard.ami.codec;

import io.switchboard.ami.Header;
import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoded packets keep only where each line starts and derive keys and values from the framing when asked. They
 * must read exactly like a built packet, small or far beyond 64 KiB.
 */
class CompactPacketTest {
    /** Every line shape whose value the packet must re-derive: separators, blanks, CRs, colons in keys. */
    private static final String LINES = "Event: Odd\r\n"
            + "Plain: value\r\n"
            + "Spaced:   two leading kept after one\r\n"
            + "Trailing: blanks \t \r\n"
            + "NoSpace:value\r\n"
            + "Tabbed:\t\t value\r\n"
            + "Empty:\r\n"
            + "EmptySpace: \r\n"
            + "ChanVariable(IAX2/host:4569-1): x=y\r\n"
            + "A:b: colon key\r\n"
            + ": empty key\r\n"
            + "no colon at all \r\n"
            + "BareLf: park quirk\n"
            + "InnerCr: a\rb\r\n"
            + "CrValue:\r\r\n"
            + "Last: end  \r\n";

    private static final List<Header> EXPECTED = List.of(
            new Header("Event", "Odd"), new Header("Plain", "value"),
            new Header("Spaced", "  two leading kept after one"), new Header("Trailing", "blanks"),
            new Header("NoSpace", "value"), new Header("Tabbed", "value"), new Header("Empty", ""),
            new Header("EmptySpace", ""), new Header("ChanVariable(IAX2/host:4569-1)", "x=y"),
            new Header("A:b", "colon key"), new Header("", "empty key"), new Header("", "no colon at all"),
            new Header("BareLf", "park quirk"), new Header("InnerCr", "a\rb"), new Header("CrValue", "\r"),
            new Header("Last", "end"));

    @Test
    void smallPacketsReadLikeBuiltOnes() {
        Packet p = decodeOne(LINES + "\r\n");
        check(p, EXPECTED);
        checkLookups(p);
    }

    @Test
    void packetsBeyond64KiBReadLikeBuiltOnes() {
        String big = "x".repeat(70_000);
        Packet p = decodeOne(LINES.replace("Last: end  \r\n", "Big: " + big + "\r\nLast: end  \r\n") + "\r\n");
        List<Header> expected = new ArrayList<>(EXPECTED);
        expected.add(expected.size() - 1, new Header("Big", big));
        check(p, expected);
        checkLookups(p);
    }

    @Test
    void packetsAround64KiB() {
        String head = "Event: X\r\nV: ";
        for (int size = 0xFFFF - 1; size <= 0xFFFF + 1; size++) {
            String value = "y".repeat(size - head.length()); // the packet's bytes end with the value
            Packet p = decodeOne(head + value + "\r\n\r\n");
            check(p, List.of(new Header("Event", "X"), new Header("V", value)));
            assertThat(p.name()).isEqualTo("X");
        }
    }

    @Test
    void theFirstLineClassifiesTheDecodedPacketWhateverItsCaseOrSpacing() {
        String[][] cases = {
                {"Event: X", "EVENT"}, {"EVENT: X", "EVENT"}, {"event: X", "EVENT"}, {"Event:X", "EVENT"},
                {"Event:", "EVENT"}, {"Event:  X", "EVENT"}, {"Events: X", "OTHER"}, {"Even: X", "OTHER"},
                {"EventX: y", "OTHER"}, {"Event X: y", "OTHER"}, {"Event:a: b", "OTHER"},
                {"Response: Success", "RESPONSE"}, {"RESPONSE: Error", "RESPONSE"}, {"Response:Success", "RESPONSE"},
                {"Responses: x", "OTHER"}, {"Respons: x", "OTHER"}, {"Response", "OTHER"},
                {"Action: Ping", "ACTION"}, {"action:Ping", "ACTION"}, {"ActionID: 1", "OTHER"},
                {"Ev\u00e9nt: x", "OTHER"}};
        for (String[] c : cases) {
            Packet p = decodeOne(c[0] + "\r\nX: y\r\n\r\n");
            assertThat(p.kind()).as(c[0]).isEqualTo(Packet.Kind.valueOf(c[1]));
            assertThat(p.kind()).as("same as built: " + c[0]).isEqualTo(Packet.of(p.headers()).kind());
        }
    }

    private static void check(Packet p, List<Header> expected) {
        assertThat(p.headers()).containsExactlyElementsOf(expected);
        // The builder refuses CR in values, so compare the rest of the packet with a built one.
        Packet wrapped = wrapped(expected);
        assertThat(p).isEqualTo(wrapped).hasSameHashCodeAs(wrapped);
        assertThat(wrapped).isEqualTo(p);
        Packet.Builder b = Packet.builder();
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).value().indexOf('\r') < 0) {
                b.add(expected.get(i).key(), expected.get(i).value());
            }
        }
        Packet built = b.build();
        assertThat(wireWithoutCrValues(p)).isEqualTo(new String(built.toWire(), StandardCharsets.UTF_8));
        for (int i = 0; i < expected.size(); i++) {
            assertThat(p.valueEqualsIgnoreCase(i, expected.get(i).value())).isTrue();
            assertThat(p.keyEquals(i, expected.get(i).key())).isTrue();
        }
    }

    private static void checkLookups(Packet p) {
        assertThat(p.get("last")).isEqualTo("end");
        assertThat(p.indexOf("TABBED")).isEqualTo(5);
        assertThat(p.get("ActionID")).isNull();
        assertThat(p.getAll("")).containsExactly("empty key", "no colon at all");
    }

    /** The same headers in the four-ints-per-header form of {@link Packet#wrap}. */
    private static Packet wrapped(List<Header> headers) {
        StringBuilder text = new StringBuilder();
        int[] spans = new int[headers.size() * 4];
        for (int i = 0; i < headers.size(); i++) {
            spans[4 * i] = text.length();
            text.append(headers.get(i).key());
            spans[4 * i + 1] = text.length();
            spans[4 * i + 2] = text.length();
            text.append(headers.get(i).value());
            spans[4 * i + 3] = text.length();
        }
        return Packet.wrap(text.toString().getBytes(StandardCharsets.US_ASCII), spans, headers.size());
    }

    /** The packet's wire form minus the lines whose values hold a CR. */
    private static String wireWithoutCrValues(Packet p) {
        StringBuilder sb = new StringBuilder();
        for (String line : new String(p.toWire(), StandardCharsets.UTF_8).split("\r\n", -1)) {
            if (!line.startsWith("InnerCr: ") && !line.startsWith("CrValue: ") && !line.equals("CrValue:")) {
                sb.append(line).append("\r\n");
            }
        }
        return sb.substring(0, sb.length() - 2);
    }

    private static Packet decodeOne(String wire) {
        DecoderLimits limits = new DecoderLimits(1 << 20, 1000, 1 << 20);
        List<Packet> out = Decoding.decode(wire.getBytes(StandardCharsets.UTF_8), false, limits, n -> 4096)
                .packets();
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
