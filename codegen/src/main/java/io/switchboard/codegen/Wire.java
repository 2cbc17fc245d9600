package io.switchboard.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The corrections of {@code catalog-wire.tsv}: where Asterisk 22 sends something other than what it
 * documents. Every line must match something in the catalog, so a stale correction fails the build.
 */
final class Wire {
    private final Map<String, String> eventNames = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> headerNames = new LinkedHashMap<>();
    private final Map<String, List<String>> addedHeaders = new LinkedHashMap<>();
    private final Map<String, String> classes = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    static Wire load(Path file) throws IOException {
        Wire w = new Wire();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t");
            switch (c[0]) {
                case "event-name" -> w.eventNames.put(c[1], c[2]);
                case "header-name" -> w.headerNames.computeIfAbsent(c[1], k -> new LinkedHashMap<>()).put(c[2], c[3]);
                case "add-header" -> w.addedHeaders.computeIfAbsent(c[1], k -> new ArrayList<>()).addAll(List.of(c[2].split(",")));
                case "class" -> w.classes.put(c[1], c[2]);
                default -> throw new IllegalStateException("catalog-wire.tsv: unknown directive " + c[0]);
            }
        }
        return w;
    }

    String classOf(String event) {
        String c = classes.get(event);
        if (c != null) {
            used.add(event);
        }
        return c;
    }

    /** Builds the event definition with the wire's name and header spellings, and its extra headers. */
    Catalog.EventDef apply(String docName, List<String> sources, List<Catalog.Block> blocks,
                           List<Catalog.Param> params, List<String> flat, String authClass) {
        String wireName = eventNames.getOrDefault(docName, docName);
        Map<String, String> renames = headerNames.getOrDefault(docName, Map.of());
        List<Catalog.Param> out = new ArrayList<>();
        Set<String> renamed = new HashSet<>();
        for (Catalog.Param p : params) {
            String name = renames.get(p.name());
            if (name != null) {
                renamed.add(p.name());
            }
            out.add(name == null ? p : new Catalog.Param(name, p.required(), false, p.name()));
        }
        if (!renamed.equals(renames.keySet())) {
            throw new IllegalStateException("catalog-wire.tsv renames headers " + renames.keySet() + " of " + docName
                    + " but the catalog has only " + renamed);
        }
        for (String h : addedHeaders.getOrDefault(docName, List.of())) {
            out.add(new Catalog.Param(h, false, true, h));
        }
        List<String> headers = new ArrayList<>();
        for (String h : flat) { // document order, wire spelling
            headers.add(renames.getOrDefault(h, h));
        }
        headers.addAll(addedHeaders.getOrDefault(docName, List.of()));
        if (eventNames.containsKey(docName) || !renames.isEmpty() || addedHeaders.containsKey(docName)) {
            used.add(docName);
        }
        return new Catalog.EventDef(docName, wireName, sources, List.copyOf(blocks), List.copyOf(out),
                List.copyOf(headers), authClass);
    }

    void checkAllUsed(Set<String> events) {
        Set<String> all = new HashSet<>();
        all.addAll(eventNames.keySet());
        all.addAll(headerNames.keySet());
        all.addAll(addedHeaders.keySet());
        all.addAll(classes.keySet());
        all.removeAll(used);
        if (!all.isEmpty() || !events.containsAll(used)) {
            throw new IllegalStateException("catalog-wire.tsv names events the catalog does not have: " + all);
        }
    }
}
