package io.switchboard.recorder;

import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The recorded event_storm transcript as events, and its Cdr UniqueIDs counted straight from the text. */
final class Storm {
    private static final String RESOURCE = "/io/switchboard/transcripts/event_storm.recv";

    private Storm() {
    }

    static List<Event> events() {
        List<Event> out = new ArrayList<>();
        PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, true, p -> {
            if (p.kind() == Packet.Kind.EVENT) {
                out.add(new Event(p, out.size() + 1));
            }
        });
        d.feed(bytes());
        d.finish();
        return out;
    }

    /** Independent of the decoder: scans the raw text for Cdr blocks and their UniqueID lines. */
    static Set<String> cdrUniqueids() {
        String text = new String(bytes(), java.nio.charset.StandardCharsets.US_ASCII).replace("\r", "");
        Set<String> ids = new LinkedHashSet<>();
        for (String block : text.split("\n\n")) {
            if (block.startsWith("Event: Cdr\n")) {
                for (String line : block.split("\n")) {
                    if (line.startsWith("UniqueID: ")) {
                        ids.add(line.substring("UniqueID: ".length()));
                    }
                }
            }
        }
        return ids;
    }

    static int cdrBlocks() {
        String text = new String(bytes(), java.nio.charset.StandardCharsets.US_ASCII).replace("\r", "");
        int n = 0;
        for (int i = text.indexOf("\nEvent: Cdr\n"); i >= 0; i = text.indexOf("\nEvent: Cdr\n", i + 1)) {
            n++;
        }
        return n;
    }

    private static byte[] bytes() {
        try (InputStream in = Storm.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
