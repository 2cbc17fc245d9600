package io.switchboard.ami.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Random streams made of AMI-ish fragments: keys, separators, line ends, banners, long runs, UTF-8. */
final class TokenSoup {
    private static final List<String> MODERN = List.of(
            "Asterisk Call Manager/11.0.0", "Event: ", "Response: ", "Action: ", "Success", "Error", "ActionID: ",
            "Message: ", "Output: ", "Key", "Value", ": ", ":", " ", "\t", "\r\n", "\n", "\r", "\r\n\r\n", "\n\r\n",
            "é", "電", "\u0000", "x".repeat(40), "Privilege: ", "EventList: start", "aaaaaaaaaaaaaaaa");
    private static final List<String> LEGACY = List.of("Response: Follows\r\n", "--END COMMAND--", "Follows",
            "Privilege: Command\r\n", "x:y: z");

    private TokenSoup() {
    }

    static Arbitrary<byte[]> arbitrary(boolean legacy) {
        List<String> tokens = new ArrayList<>(MODERN);
        if (legacy) {
            tokens.addAll(LEGACY);
        }
        Arbitrary<String> line = Arbitraries.of(tokens).list().ofMaxSize(6).map(l -> String.join("", l));
        Arbitrary<String> end = Arbitraries.of("\r\n", "\n", "\r\n", "\r\n\r\n", "\n\r\n");
        return net.jqwik.api.Combinators.combine(line, end).as((l, e) -> l + e).list().ofMaxSize(60)
                .map(TokenSoup::join);
    }

    /**
     * Packets whose lines, header counts and sizes sit right around {@code limits}: lines of
     * {@code maxLineBytes - 3} to {@code maxLineBytes + 1} bytes, up to {@code maxHeaders + 1} of them.
     */
    static Arbitrary<byte[]> nearLimits(DecoderLimits limits) {
        int max = limits.maxLineBytes();
        Arbitrary<String> line = Arbitraries.integers().between(max - 3 - 3, max + 1 - 3)
                .map(n -> "K: " + "a".repeat(n));
        Arbitrary<String> packet = net.jqwik.api.Combinators.combine(
                line.list().ofMinSize(1).ofMaxSize(limits.maxHeaders() + 1),
                Arbitraries.of("\r\n", "\n")).as((lines, eol) -> String.join(eol, lines) + eol + eol);
        return packet.list().ofMinSize(1).ofMaxSize(4).map(TokenSoup::join);
    }

    private static byte[] join(List<String> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) {
            out.writeBytes(p.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
