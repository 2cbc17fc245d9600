package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The encoder writes exactly the bytes it always wrote: ASCII as is, anything else as UTF-8. */
class ActionEncoderTest {
    private static final List<String> VALUES = List.of("", "Ping", "SIP/alice-00000001", "caf\u00e9 cr\u00e8me",
            "\u00ff\u0080", "\u0100 Latin Extended", "\u4e2d\u6587", "emoji \ud83d\ude00 pair", "lone \ud800 surrogate",
            "lone low \udc00", "\u007f del");

    /** The encoding before the bulk ASCII copy: byte per char until the first non-ASCII, then UTF-8 of the rest. */
    private static byte[] reference(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                out.writeBytes(s.substring(i).getBytes(StandardCharsets.UTF_8));
                break;
            }
            out.write(c);
        }
        return out.toByteArray();
    }

    private static byte[] contents(ActionEncoder.ByteBuf buf) {
        return Arrays.copyOf(buf.bytes, buf.size);
    }

    @Test
    void eachValueIsEncodedAsBefore() {
        for (String v : VALUES) {
            ActionEncoder.ByteBuf buf = new ActionEncoder.ByteBuf();
            buf.put((byte) 'x');
            buf.putString(v);
            byte[] expected = new byte[reference(v).length + 1];
            expected[0] = 'x';
            System.arraycopy(reference(v), 0, expected, 1, expected.length - 1);
            assertThat(contents(buf)).as(v).isEqualTo(expected);
        }
    }

    @Test
    void aWholeActionIsKeyValueLinesAndAnEmptyLine() {
        Action action = Action.named("Originate").header("Channel", "SIP/\u00e9t\u00e9").header("Data", "\u4e2d");
        ActionEncoder.ByteBuf buf = new ActionEncoder.ByteBuf();
        ActionEncoder.encode(action, "sb1-a", buf);
        assertThat(new String(contents(buf), StandardCharsets.UTF_8)).isEqualTo(
                "Action: Originate\r\nActionID: sb1-a\r\nChannel: SIP/\u00e9t\u00e9\r\nData: \u4e2d\r\n\r\n");
    }

    @Test
    void growsPastTheInitialCapacityForAsciiAndNonAscii() {
        String ascii = "a".repeat(10_000);
        String wide = "\u00e9".repeat(10_000);
        ActionEncoder.ByteBuf buf = new ActionEncoder.ByteBuf();
        buf.putString(ascii);
        buf.putString(wide);
        buf.putString(ascii);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(reference(ascii));
        expected.writeBytes(reference(wide));
        expected.writeBytes(reference(ascii));
        assertThat(contents(buf)).isEqualTo(expected.toByteArray());

        buf.reset();
        buf.putString("Ping");
        assertThat(contents(buf)).isEqualTo("Ping".getBytes(StandardCharsets.US_ASCII));
    }
}
