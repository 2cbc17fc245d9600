package io.switchboard.ami.codec;

import io.switchboard.ami.Header;
import io.switchboard.ami.Packet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately naive AMI splitter, independent of {@link PacketDecoder}, used as the oracle in golden tests.
 * It only understands what the transcripts contain: CRLF everywhere, packets separated by an empty line, every
 * header line with {@code ": "}. Values lose trailing blanks, as the decoder documents (recommended in §4 of
 * the protocol notes): {@code Output} lines of {@code core show channels} end in padding spaces on the wire.
 */
final class ReferenceSplitter {
    private ReferenceSplitter() {
    }

    /** What the reference expects for one packet. */
    record RefPacket(Packet.Kind kind, String name, List<Header> headers) {
    }

    /** What the reference expects for a whole capture. */
    record Ref(List<String> banners, List<RefPacket> packets) {
    }

    static Ref split(byte[] bytes, boolean expectBanner) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> banners = new ArrayList<>();
        if (expectBanner) {
            int eol = text.indexOf("\r\n");
            String first = text.substring(0, eol);
            if (!first.contains(":")) {
                banners.add(first);
                text = text.substring(eol + 2);
            }
        }
        List<RefPacket> packets = new ArrayList<>();
        for (String block : text.split("\r\n\r\n")) {
            if (block.isEmpty()) {
                continue;
            }
            List<Header> headers = new ArrayList<>();
            for (String line : block.split("\r\n", -1)) {
                int sep = line.indexOf(": ");
                if (sep < 0) {
                    headers.add(new Header("", stripTrailingBlanks(line)));
                } else {
                    headers.add(new Header(line.substring(0, sep), stripTrailingBlanks(line.substring(sep + 2))));
                }
            }
            packets.add(new RefPacket(kindOf(headers.get(0).key()), headers.get(0).value(), headers));
        }
        return new Ref(banners, packets);
    }

    private static Packet.Kind kindOf(String firstKey) {
        switch (firstKey.toLowerCase()) {
            case "event":
                return Packet.Kind.EVENT;
            case "response":
                return Packet.Kind.RESPONSE;
            case "action":
                return Packet.Kind.ACTION;
            default:
                return Packet.Kind.OTHER;
        }
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }
}
