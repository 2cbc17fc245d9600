package io.switchboard.ami.typed;

import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The events of the golden transcripts ({@code switchboard-transcripts} test dependency), decoded. */
final class Transcripts {
    // Looked up through the class loader, not Class.getResourceAsStream: these tests run inside a named
    // module, where the Class method only sees that module's own resources, and the recordings live in
    // the switchboard-transcripts jar.
    private static final String BASE = "io/switchboard/transcripts/";

    private Transcripts() {
    }

    /** Scenario names, from {@code expected.tsv} (class-path resources cannot be listed portably). */
    static List<String> scenarios() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        String[] lines = new String(bytes("expected.tsv"), StandardCharsets.UTF_8).split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                names.add(lines[i].split("\t", 2)[0]);
            }
        }
        return List.copyOf(names);
    }

    /** Every event of {@code NAME.recv}, in wire order. */
    static List<Event> events(String scenario) {
        List<Event> events = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder(DecoderLimits.DEFAULT, true, (Packet p) -> {
            if (p.kind() == Packet.Kind.EVENT) {
                events.add(new Event(p));
            }
        });
        decoder.feed(bytes(scenario + ".recv"));
        decoder.finish();
        return events;
    }

    static byte[] bytes(String file) {
        try (InputStream in = Transcripts.class.getClassLoader().getResourceAsStream(BASE + file)) {
            if (in == null) {
                throw new IllegalStateException("missing transcript resource " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
