package io.switchboard.testkit;

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
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Access to the golden recordings of the {@code switchboard-transcripts} test dependency. */
final class Transcripts {
    private static final String BASE = "io/switchboard/transcripts/";

    /** Headers whose values depend on the run (time, addresses, random challenge). */
    private static final Pattern RUN_SPECIFIC = Pattern.compile(
            "(?m)^(Uptime|LastReload|EventTV|SessionTV|SessionID|LocalAddress|RemoteAddress|Timestamp|Challenge): .*$");

    private Transcripts() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Transcripts.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing transcript resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** Every scenario named in expected.tsv, in file order. */
    static List<String> scenarios() {
        Set<String> names = new LinkedHashSet<>();
        for (String[] row : expected()) {
            names.add(row[0]);
        }
        return new ArrayList<>(names);
    }

    /** expected.tsv rows (header row skipped), columns split on tabs (trailing empty columns kept). */
    static List<String[]> expected() {
        List<String[]> rows = new ArrayList<>();
        for (String line : text("expected.tsv").split("\n")) {
            if (!line.isEmpty() && !line.startsWith("scenario\t")) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    /** The recorded client requests of a scenario, decoded. */
    static List<Packet> actions(String scenario) {
        List<Packet> out = new ArrayList<>();
        new PacketDecoder(DecoderLimits.DEFAULT, false, out::add).feed(bytes(scenario + ".sent"));
        return out;
    }

    /** Replaces run-specific header values with a placeholder so recordings of different runs compare equal. */
    static String normalize(String wire) {
        return RUN_SPECIFIC.matcher(wire).replaceAll("$1: <run-specific>");
    }

    /** Rewrites every {@code ActionID: X} line whose X is a key of {@code ids}. */
    static String mapActionIds(String wire, Map<String, String> ids) {
        Matcher m = Pattern.compile("(?m)^ActionID: ([^\r\n]*)\r\n").matcher(wire);
        StringBuilder sb = new StringBuilder(wire.length() + 1024);
        while (m.find()) {
            String replacement = ids.getOrDefault(m.group(1), m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement("ActionID: " + replacement + "\r\n"));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
