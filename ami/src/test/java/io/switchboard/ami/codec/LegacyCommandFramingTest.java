package io.switchboard.ami.codec;

import io.switchboard.ami.Packet;
import io.switchboard.ami.ProtocolException;
import io.switchboard.ami.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pre-Asterisk-14 {@code Command} reply: {@code Response: Follows}, raw lines, {@code --END COMMAND--}. */
class LegacyCommandFramingTest {
    private static final String LEGACY = "Response: Follows\r\n"
            + "Privilege: Command\r\n"
            + "ActionID: cmd-1\r\n"
            + "Channel              Location             State   Application(Data)\n"
            + "Name: with: colons\n"
            + "\n"
            + "no colon at all\n"
            + "2 active channels--END COMMAND--\r\n"
            + "\r\n";

    private static List<Packet> decode(String wire, int chunk) {
        return Decoding.decode(wire.getBytes(StandardCharsets.UTF_8), false, DecoderLimits.DEFAULT, n -> chunk)
                .packets();
    }

    @Test
    void rawLinesBecomeOutputHeaders() {
        for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
            List<Packet> packets = decode(LEGACY + "Event: After\r\nX: 1\r\n\r\n", chunk);
            assertThat(packets).hasSize(2);
            Response r = new Response(packets.get(0));
            assertThat(r.status()).isEqualTo("Follows");
            assertThat(r.isSuccess()).isTrue();
            assertThat(r.get("Privilege")).isEqualTo("Command");
            assertThat(r.actionId()).isEqualTo("cmd-1");
            assertThat(r.message()).isEqualTo("Command output follows");
            assertThat(r.output()).containsExactly(
                    "Channel              Location             State   Application(Data)",
                    "Name: with: colons", "", "no colon at all", "2 active channels");
            assertThat(packets.get(1).name()).isEqualTo("After");
        }
    }

    @Test
    void markerOnItsOwnLine() {
        Packet p = decode("Response: Follows\r\nPrivilege: Command\r\nline 1\n--END COMMAND--\r\n\r\n", 1000).get(0);
        assertThat(p.getAll("Output")).containsExactly("line 1");
    }

    @Test
    void emptyOutput() {
        Packet p = decode("Response: Follows\r\nPrivilege: Command\r\n--END COMMAND--\r\n\r\n", 1000).get(0);
        assertThat(p.getAll("Output")).isEmpty();
        assertThat(p.get("Message")).isEqualTo("Command output follows");
    }

    @Test
    void streamEndingInsideTheOutputIsAnError() {
        Decoding.Collector c = new Decoding.Collector();
        PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, false, c).legacyCommandFraming(true);
        d.feed("Response: Follows\r\nPrivilege: Command\r\nsome output\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(d.inPacket()).isTrue();
        assertThat(c.packets).isEmpty();
        assertThatThrownBy(d::finish).isInstanceOf(ProtocolException.class);
    }

    @Test
    void tooManyOutputLinesIsAProtocolException() {
        StringBuilder sb = new StringBuilder("Response: Follows\r\nPrivilege: Command\r\n");
        for (int i = 0; i < 20; i++) {
            sb.append("line ").append(i).append('\n');
        }
        sb.append("--END COMMAND--\r\n\r\n");
        PacketDecoder d = new PacketDecoder(new DecoderLimits(64, 10, 4096), false, new Decoding.Collector()).legacyCommandFraming(true);
        assertThatThrownBy(() -> d.feed(sb.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void keyWithColonAfterTheMarkerIsNotAnIllegalArgumentException() {
        String wire = "Response: Follows\r\n--END COMMAND--\r\nx:y: z\r\n\r\n";
        assertThatCode(wire).doesNotThrowAnythingButProtocolException();
    }

    @Test
    void crInsideALegacyHeaderValueIsNotAnIllegalArgumentException() {
        String wire = "Response: Follows\r\nPrivilege: a\rb\r\n--END COMMAND--\r\n\r\n";
        assertThatCode(wire).doesNotThrowAnythingButProtocolException();
    }

    @Test
    void legacyPacketRespectsMaxHeaders() {
        String wire = "Response: Follows\r\nPrivilege: Command\r\na\nb\n--END COMMAND--\r\n\r\n";
        try {
            List<Packet> packets = Decoding.decode(wire.getBytes(StandardCharsets.UTF_8), false,
                    new DecoderLimits(64, 4, 4096), n -> n).packets();
            assertThat(packets.get(0).size()).isLessThanOrEqualTo(4);    // is 5
        } catch (ProtocolException acceptable) {
            // refusing the packet would be fine too
        }
    }

    private static Checker assertThatCode(String wire) {
        return new Checker(wire);
    }

    /** Feeds a wire string and accepts success or a ProtocolException, nothing else. */
    private record Checker(String wire) {
        void doesNotThrowAnythingButProtocolException() {
            try {
                Decoding.decode(wire.getBytes(StandardCharsets.UTF_8), false);
            } catch (ProtocolException expected) {
                // fine: a typed protocol error
            }
        }
    }
}
