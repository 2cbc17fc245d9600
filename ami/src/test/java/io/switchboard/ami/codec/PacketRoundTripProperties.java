package io.switchboard.ami.codec;

import io.switchboard.ami.Header;
import io.switchboard.ami.Packet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packets built in code survive {@link Packet#toWire()} and the decoder unchanged, whatever the read sizes, line
 * endings and stray blank lines. "Valid" means what the builder accepts, minus two documented exceptions: a
 * value's trailing blanks are trimmed by the decoder, and a first header {@code Response: Follows} switches to
 * the pre-14 Command framing.
 */
class PacketRoundTripProperties {

    @Provide
    Arbitrary<String> key() {
        Arbitrary<Character> any = Arbitraries.chars().all()
                .filter(c -> c != ':' && c != '\r' && c != '\n' && !Character.isSurrogate(c));
        Arbitrary<Character> ascii = Arbitraries.chars().with("AaBbZz09-()/_. ".toCharArray());
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, ascii), net.jqwik.api.Tuple.of(1, any))
                .list().ofMinSize(1).ofMaxSize(20)
                .map(PacketRoundTripProperties::string);
    }

    @Provide
    Arbitrary<String> value() {
        Arbitrary<Character> any = Arbitraries.chars().all()
                .filter(c -> c != '\r' && c != '\n' && !Character.isSurrogate(c));
        Arbitrary<Character> tricky = Arbitraries.chars().with(": \taé電\u0000-".toCharArray());
        Arbitrary<String> chars = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, tricky),
                        net.jqwik.api.Tuple.of(2, any))
                .list().ofMaxSize(40).map(PacketRoundTripProperties::string);
        Arbitrary<String> emoji = Arbitraries.of("🎧", "O\\'Brien", "--END COMMAND--", "a: b", "");
        return Arbitraries.oneOf(chars, emoji).map(PacketRoundTripProperties::stripTrailingBlanks);
    }

    @Provide
    Arbitrary<Packet> packet() {
        Arbitrary<Header> header = Combinators.combine(key(), value()).as(Header::new);
        return header.list().ofMinSize(1).ofMaxSize(30).map(Packet::of)
                .filter(p -> !(p.keyEquals(0, "Response") && p.valueEqualsIgnoreCase(0, "Follows")));
    }

    @Property(tries = 1000, seed = PacketDecoderProperties.SEED)
    void builtPacketRoundTrips(@ForAll("packet") Packet packet, @ForAll boolean expectBanner) {
        Decoding.Result r = Decoding.decode(packet.toWire(), expectBanner);
        assertThat(r.banners()).isEmpty();
        assertThat(r.packets()).containsExactly(packet);
        assertThat(r.packets().get(0).headers()).isEqualTo(packet.headers());
        assertThat(r.packets().get(0).kind()).isEqualTo(packet.kind());
    }

    @Property(tries = 500, seed = PacketDecoderProperties.SEED)
    void packetStreamsRoundTripWithAnyLineEndingsAndReads(
            @ForAll("packetStream") List<Packet> packets, @ForAll("lineEnd") String eol,
            @ForAll("junkBetween") List<String> junk, @ForAll("sizes") List<Integer> sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < packets.size(); i++) {
            out.writeBytes(junk.get(i % junk.size()).getBytes(StandardCharsets.US_ASCII));
            String wire = new String(packets.get(i).toWire(), StandardCharsets.UTF_8);
            out.writeBytes(wire.replace("\r\n", eol).getBytes(StandardCharsets.UTF_8));
        }
        Decoding.Result r = Decoding.decode(out.toByteArray(), true, DecoderLimits.DEFAULT,
                PacketDecoderProperties.cycling(sizes));
        assertThat(r.banners()).containsExactly("Asterisk Call Manager/11.0.0");
        assertThat(r.packets()).isEqualTo(packets);
    }

    @Provide
    Arbitrary<List<Packet>> packetStream() {
        return packet().list().ofMinSize(1).ofMaxSize(10);
    }

    @Provide
    Arbitrary<String> lineEnd() {
        return Arbitraries.of("\r\n", "\n");
    }

    @Provide
    Arbitrary<List<String>> junkBetween() {
        return Arbitraries.of("", "", "\r\n", "\n", "\r\n\r\n", "\n\r\n").list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return Arbitraries.integers().between(1, 64).list().ofMinSize(1).ofMaxSize(10);
    }

    private static String string(List<Character> chars) {
        StringBuilder sb = new StringBuilder(chars.size());
        chars.forEach(sb::append);
        return sb.toString();
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }
}
