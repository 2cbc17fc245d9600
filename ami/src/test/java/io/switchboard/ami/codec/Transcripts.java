package io.switchboard.ami.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access to the golden transcripts of the {@code switchboard-transcripts} test dependency. Scenario names come
 * from {@code expected.tsv} (a classpath resource cannot be listed portably); bytes are cached because several
 * tests read the 6 MB event storm.
 */
final class Transcripts {
    // Looked up through the class loader, not Class.getResourceAsStream: these tests run inside a named
    // module, where the Class method only sees that module's own resources, and the recordings live in
    // the switchboard-transcripts jar.
    static final String BASE = "io/switchboard/transcripts/";
    static final String BANNER = "Asterisk Call Manager/11.0.0";
    static final String STORM = "event_storm";

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Transcripts() {
    }

    /** The raw bytes of a resource such as {@code ping.recv}. */
    static byte[] bytes(String file) {
        return CACHE.computeIfAbsent(file, Transcripts::load).clone();
    }

    private static byte[] load(String file) {
        try (InputStream in = Transcripts.class.getClassLoader().getResourceAsStream(BASE + file)) {
            if (in == null) {
                throw new IllegalStateException("missing transcript resource " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row of {@code expected.tsv}. */
    record Row(String scenario, int index, String actionName, String kind, String message, int listCount,
               List<String> itemEvents, String completeEvent, List<String> responseHeaders) {
        boolean isList() {
            return kind.equals("list");
        }
    }

    /** Every row of {@code expected.tsv}, in file order. */
    static List<Row> rows() {
        String tsv = new String(bytes("expected.tsv"), StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        String[] lines = tsv.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split("\t", -1);
            rows.add(new Row(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4],
                    f[5].isEmpty() ? -1 : Integer.parseInt(f[5]),
                    f[6].isEmpty() ? List.of() : List.of(f[6].split("\\+")),
                    f[7], f[8].isEmpty() ? List.of() : List.of(f[8].strip().split(","))));
        }
        return rows;
    }

    /** The rows of one scenario, in action order. */
    static List<Row> rows(String scenario) {
        return rows().stream().filter(r -> r.scenario().equals(scenario)).toList();
    }

    /** All scenario names, in the order of {@code expected.tsv}. */
    static List<String> scenarios() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        rows().forEach(r -> names.add(r.scenario()));
        return List.copyOf(names);
    }

    /** All scenarios except the 6 MB event storm (for tests that run many tries per transcript). */
    static List<String> smallScenarios() {
        return scenarios().stream().filter(s -> !s.equals(STORM)).toList();
    }
}
