package io.switchboard.ami.codec;

import io.switchboard.ami.Header;
import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Framing and header-splitting rules of {@link PacketDecoder}, on small hand-written inputs. */
class PacketDecoderTest {

    private static Decoding.Result decode(String wire, boolean banner) {
        return Decoding.decode(wire.getBytes(StandardCharsets.UTF_8), banner);
    }

    private static List<Packet> packets(String wire) {
        return decode(wire, false).packets();
    }

    private static Packet single(String wire) {
        List<Packet> p = packets(wire);
        assertThat(p).hasSize(1);
        return p.get(0);
    }

    private static List<Header> headers(String wire) {
        return List.copyOf(single(wire).headers());
    }

    @Test
    void crlfAndBareLfFrameTheSamePackets() {
        List<Packet> crlf = packets("Event: A\r\nX: 1\r\n\r\nEvent: B\r\n\r\n");
        List<Packet> lf = packets("Event: A\nX: 1\n\nEvent: B\n\n");
        List<Packet> mixed = packets("Event: A\r\nX: 1\n\r\nEvent: B\n\n");
        assertThat(crlf).hasSize(2).isEqualTo(lf).isEqualTo(mixed);
        assertThat(crlf.get(0).headers()).containsExactly(new Header("Event", "A"), new Header("X", "1"));
        assertThat(crlf.get(1).name()).isEqualTo("B");
    }

    @Test
    void parkQuirkLfThenCrLfEndsThePacketAndTheExtraBlankLineIsSkipped() {
        // Asterisk writes "Message: Park successful\n" + "\r\n" + "\r\n" (§4).
        List<Packet> p = packets("Response: Success\r\nActionID: 7\r\nMessage: Park successful\n\r\n\r\n"
                + "Event: Next\r\n\r\n");
        assertThat(p).hasSize(2);
        assertThat(p.get(0).headers()).containsExactly(new Header("Response", "Success"),
                new Header("ActionID", "7"), new Header("Message", "Park successful"));
        assertThat(p.get(1).name()).isEqualTo("Next");
    }

    @Test
    void strayBlankLinesAndEmptyPacketsAreSkipped() {
        assertThat(packets("\r\n\r\n\nEvent: A\r\n\r\n\r\n\r\n\n\r\nEvent: B\r\n\r\n\r\n")).extracting(Packet::name)
                .containsExactly("A", "B");
        assertThat(packets("\r\n\n\r\n")).isEmpty();
    }

    @Test
    void repeatedKeysKeepTheirOrder() {
        Packet p = single("Response: Success\r\nOutput: one\r\nMessage: m\r\nOutput: two\r\nOutput: \r\n"
                + "output: four\r\n\r\n");
        assertThat(p.getAll("Output")).containsExactly("one", "two", "", "four");
        assertThat(p.size()).isEqualTo(6);
        assertThat(p.key(5)).isEqualTo("output");
    }

    @Test
    void keyLookupIgnoresAsciiCase() {
        Packet p = single("Event: Newexten\r\nUniqueid: 1.2\r\nCallerIDnum: 100\r\n\r\n");
        assertThat(p.get("UNIQUEID")).isEqualTo("1.2");
        assertThat(p.get("uniqueID")).isEqualTo("1.2");
        assertThat(p.get("callerIDNum")).isEqualTo("100");
        assertThat(p.has("callerid")).isFalse();
        assertThat(p.indexOf("EVENT")).isZero();
        assertThat(p.get("Missing")).isNull();
        // The spelling on the wire is kept.
        assertThat(p.key(2)).isEqualTo("CallerIDnum");
    }

    @Test
    void valueMayContainColonSpace() {
        assertThat(headers("Event: UserEvent\r\nHeader2: value: with colon\r\nAppData: a:b: c\r\n\r\n"))
                .containsExactly(new Header("Event", "UserEvent"), new Header("Header2", "value: with colon"),
                        new Header("AppData", "a:b: c"));
    }

    @Test
    void keyMayContainColonWhenAColonSpaceFollows() {
        // ChanVariable(IAX2/host:4569-1): x=y - the first ": " splits, not the first ':'.
        assertThat(headers("Event: X\r\nChanVariable(IAX2/host:4569-1): x=y\r\n\r\n").get(1))
                .isEqualTo(new Header("ChanVariable(IAX2/host:4569-1)", "x=y"));
    }

    @Test
    void keyWithoutSpaceAfterColon() {
        assertThat(headers("Event: UserEvent\r\nKey:\r\nKey2:value\r\nKey3:\t value\r\nurl:http://x\r\n\r\n"))
                .containsExactly(new Header("Event", "UserEvent"), new Header("Key", ""), new Header("Key2", "value"),
                        new Header("Key3", "value"), new Header("url", "http://x"));
    }

    @Test
    void emptyValue() {
        Packet p = single("Event: Cdr\r\nAccountCode: \r\nUserField:    \r\n\r\n");
        assertThat(p.get("AccountCode")).isEmpty();
        assertThat(p.get("UserField")).isEmpty();
    }

    @Test
    void trailingWhitespaceIsTrimmedButLeadingWhitespaceAfterColonSpaceIsKept() {
        assertThat(headers("Response: Success\r\nOutput: Up      Wait(600)   \t \r\nOutput:   indented\r\n\r\n"))
                .containsExactly(new Header("Response", "Success"), new Header("Output", "Up      Wait(600)"),
                        new Header("Output", "  indented"));
    }

    @Test
    void lineWithoutColonIsKeptWithAnEmptyKey() {
        Packet p = single("ActionID: junk-line\r\nthis line has no colon  \r\n\r\n");
        assertThat(p.headers()).containsExactly(new Header("ActionID", "junk-line"),
                new Header("", "this line has no colon"));
        assertThat(p.kind()).isEqualTo(Packet.Kind.OTHER);
    }

    @Test
    void firstLineClassifies() {
        assertThat(single("Event: OriginateResponse\r\nResponse: Failure\r\n\r\n").kind()).isEqualTo(Packet.Kind.EVENT);
        assertThat(single("response: Success\r\n\r\n").kind()).isEqualTo(Packet.Kind.RESPONSE);
        assertThat(single("ACTION: Ping\r\n\r\n").kind()).isEqualTo(Packet.Kind.ACTION);
        assertThat(single("Foo: bar\r\nEvent: X\r\n\r\n").kind()).isEqualTo(Packet.Kind.OTHER);
    }

    @Test
    void utf8ValuesSurviveEvenWhenSplitInsideACharacter() {
        byte[] wire = "Event: UserEvent\r\nCallerIDName: Zoë Ünal 電話 🎧\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= 4; size++) {
            int s = size;
            Packet p = Decoding.decode(wire, false, DecoderLimits.DEFAULT, n -> s).packets().get(0);
            assertThat(p.get("CallerIDName")).isEqualTo("Zoë Ünal 電話 🎧");
        }
    }

    @Test
    void bannerIsTheFirstLineWithoutColonOnly() {
        Decoding.Result r = decode("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\n\r\n"
                + "Asterisk Call Manager/11.0.0\r\n\r\n", true);
        assertThat(r.banners()).containsExactly("Asterisk Call Manager/11.0.0");
        // A later colon-free line is just a header with an empty key.
        assertThat(r.packets()).hasSize(2);
        assertThat(r.packets().get(1).headers()).containsExactly(new Header("", "Asterisk Call Manager/11.0.0"));
    }

    @Test
    void noBannerWhenTheFirstLineHasAColonOrBannerIsNotExpected() {
        Decoding.Result withColon = decode("Action: Login\r\nUsername: admin\r\n\r\n", true);
        assertThat(withColon.banners()).isEmpty();
        assertThat(withColon.packets()).extracting(Packet::name).containsExactly("Login");

        Decoding.Result notExpected = decode("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\n\r\n", false);
        assertThat(notExpected.banners()).isEmpty();
        assertThat(notExpected.packets().get(0).headers()).containsExactly(
                new Header("", "Asterisk Call Manager/11.0.0"), new Header("Response", "Success"));
    }

    @Test
    void bannerSplitIntoSingleBytes() {
        byte[] wire = "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        Decoding.Result r = Decoding.decode(wire, true, DecoderLimits.DEFAULT, n -> 1);
        assertThat(r.banners()).containsExactly("Asterisk Call Manager/11.0.0");
        assertThat(r.packets()).hasSize(1);
    }

    @Test
    void packetIsDeliveredOnlyAtTheBlankLine() {
        Decoding.Collector c = new Decoding.Collector();
        PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, false, c);
        d.feed("Event: A\r\nX: 1\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(c.packets).isEmpty();
        assertThat(d.inPacket()).isTrue();
        d.feed("\r".getBytes(StandardCharsets.UTF_8));
        assertThat(c.packets).isEmpty();
        d.feed("\n".getBytes(StandardCharsets.UTF_8));
        assertThat(c.packets).hasSize(1);
        assertThat(d.inPacket()).isFalse();
        assertThat(d.bytesFed()).isEqualTo(18);
        d.finish();
    }

    @Test
    void decodedPacketsDoNotShareTheDecoderBuffer() {
        Decoding.Collector c = new Decoding.Collector();
        PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, false, c);
        byte[] wire = "Event: A\r\nX: 1\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        d.feed(wire);
        Packet first = c.packets.get(0);
        for (int i = 0; i < 10_000; i++) {
            d.feed("Event: B\r\nX: 2222222222\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(first.headers()).containsExactly(new Header("Event", "A"), new Header("X", "1"));
        wire[7] = 'Z';
        assertThat(first.name()).isEqualTo("A");
    }
}
