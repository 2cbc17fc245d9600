package io.switchboard.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The AMI catalog as the generator sees it: {@code catalog.tsv} (blocks kept as blocks), checked against
 * {@code catalog-expanded.tsv}, with classes from {@code event-classes.tsv} and {@code action-auth.tsv} and
 * the wire corrections of {@code catalog-wire.tsv}. Any inconsistency fails the build: a generator that
 * guesses would hide a broken catalog.
 */
public final class Catalog {
    /** The channel block's fields ({@code doc/appdocsxml.xslt}), in wire order. */
    public static final List<String> CHANNEL_FIELDS = List.of("Channel", "ChannelState", "ChannelStateDesc",
            "CallerIDNum", "CallerIDName", "ConnectedLineNum", "ConnectedLineName", "Language", "AccountCode",
            "Context", "Exten", "Priority", "Uniqueid", "Linkedid");
    /** The bridge block's fields, in wire order. */
    public static final List<String> BRIDGE_FIELDS = List.of("BridgeUniqueid", "BridgeType", "BridgeTechnology",
            "BridgeCreator", "BridgeName", "BridgeNumChannels", "BridgeVideoSourceMode", "BridgeVideoSource");

    /** A snapshot block of an event. */
    public enum BlockKind { CHANNEL, BRIDGE }

    /** {@code @channel(Dest)} is {@code Block(CHANNEL, "Dest")}; the event's own block has prefix "". */
    public record Block(BlockKind kind, String prefix) {
        /** The block's headers with the prefix added. */
        public List<String> headers() {
            return (kind == BlockKind.CHANNEL ? CHANNEL_FIELDS : BRIDGE_FIELDS).stream().map(f -> prefix + f).toList();
        }
    }

    /**
     * A documented header or parameter outside any block, as spelled on the wire; {@code docName} is the docs'
     * spelling (accessors are named after it, so {@code ServicelevelPerf} still reads as
     * {@code serviceLevelPerf()}); {@code wireOnly} if only the code has it.
     */
    public record Param(String name, boolean required, boolean wireOnly, String docName) {
    }

    /** One event name, its rows merged (VarSet is documented in three files). */
    public record EventDef(String docName, String wireName, List<String> sources, List<Block> blocks,
                           List<Param> params, List<String> headers, String authClass) {
    }

    /** One action. {@code writeClasses} empty means no write class is required. */
    public record ActionDef(String name, String source, List<Param> params, List<String> writeClasses) {
    }

    private final List<EventDef> events;
    private final List<ActionDef> actions;

    private Catalog(List<EventDef> events, List<ActionDef> actions) {
        this.events = events;
        this.actions = actions;
    }

    public List<EventDef> events() {
        return events;
    }

    public List<ActionDef> actions() {
        return actions;
    }

    /** Reads the catalog files from {@code dir}. */
    public static Catalog load(Path dir) throws IOException {
        List<String[]> rows = tsv(dir.resolve("catalog.tsv"), 4);
        List<String[]> expanded = tsv(dir.resolve("catalog-expanded.tsv"), 4);
        if (rows.size() != expanded.size()) {
            throw new IllegalStateException("catalog.tsv and catalog-expanded.tsv differ in row count");
        }
        Map<String, String> eventClasses = new LinkedHashMap<>();
        for (String[] r : tsv(dir.resolve("event-classes.tsv"), 3)) {
            String prev = eventClasses.put(r[0], r[2]);
            if (prev != null && !prev.equals(r[2])) {
                throw new IllegalStateException("event " + r[0] + " has two classes: " + prev + ", " + r[2]);
            }
        }
        Map<String, String> writeClasses = new LinkedHashMap<>();
        for (String[] r : tsv(dir.resolve("action-auth.tsv"), 5)) {
            writeClasses.put(r[0], r[4]);
        }
        Wire wire = Wire.load(dir.resolve("catalog-wire.tsv"));

        Map<String, EventDef> events = new LinkedHashMap<>();
        List<ActionDef> actions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            String[] x = expanded.get(i);
            if (!r[0].equals(x[0]) || !r[1].equals(x[1]) || !r[2].equals(x[2])) {
                throw new IllegalStateException("row " + (i + 2) + " differs between the two catalogs");
            }
            List<String> tokens = r[3].isEmpty() ? List.of() : Arrays.asList(r[3].split(","));
            List<Block> blocks = new ArrayList<>();
            List<Param> params = new ArrayList<>();
            List<String> flat = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String t : tokens) {
                Block b = block(t);
                if (b != null) {
                    blocks.add(b);
                    flat.addAll(b.headers());
                    names.addAll(b.headers());
                } else {
                    boolean req = t.endsWith("*");
                    String name = req ? t.substring(0, t.length() - 1) : t;
                    params.add(new Param(name, req, false, name));
                    flat.add(t);
                    names.add(name);
                }
            }
            if (!String.join(",", flat).equals(x[3])) {
                throw new IllegalStateException(r[1] + ": expanding catalog.tsv does not give catalog-expanded.tsv");
            }
            if (r[0].equals("action")) {
                String wc = writeClasses.get(r[1]);
                if (wc == null) {
                    throw new IllegalStateException("action " + r[1] + " is missing from action-auth.tsv");
                }
                List<String> classes = wc.startsWith("(") ? List.of() : List.of(wc.split("\\|"));
                actions.add(new ActionDef(r[1], r[2], List.copyOf(params), classes));
            } else if (r[0].equals("event")) {
                EventDef prev = events.get(r[1]);
                if (prev != null) {
                    if (!prev.blocks().equals(blocks) || !prev.params().equals(params)) {
                        throw new IllegalStateException("event " + r[1] + " documented twice with different headers");
                    }
                    List<String> sources = new ArrayList<>(prev.sources());
                    sources.add(r[2]);
                    events.put(r[1], new EventDef(prev.docName(), prev.wireName(), List.copyOf(sources),
                            prev.blocks(), prev.params(), prev.headers(), prev.authClass()));
                    continue;
                }
                events.put(r[1], wire.apply(r[1], List.of(r[2]), blocks, params, names,
                        eventClass(r[1], eventClasses.get(r[1]), wire)));
            } else {
                throw new IllegalStateException("unknown kind " + r[0]);
            }
        }
        wire.checkAllUsed(events.keySet());
        return new Catalog(List.copyOf(events.values()), List.copyOf(actions));
    }

    private static String eventClass(String event, String flag, Wire wire) {
        String override = wire.classOf(event);
        if (override != null) {
            return override;
        }
        if (flag == null || !flag.startsWith("EVENT_FLAG_") || flag.equals("EVENT_FLAG_CLASS")) {
            throw new IllegalStateException("event " + event + " has no usable class: " + flag);
        }
        return flag.substring("EVENT_FLAG_".length()).toLowerCase(Locale.ROOT);
    }

    private static Block block(String token) {
        for (BlockKind kind : BlockKind.values()) {
            String tag = "@" + kind.name().toLowerCase(Locale.ROOT);
            if (token.equals(tag)) {
                return new Block(kind, "");
            }
            if (token.startsWith(tag + "(") && token.endsWith(")")) {
                return new Block(kind, token.substring(tag.length() + 1, token.length() - 1));
            }
        }
        if (token.startsWith("@")) {
            throw new IllegalStateException("unknown block " + token);
        }
        return null;
    }

    /** Data rows of a TSV file with a header row; lines starting with '#' are comments. */
    static List<String[]> tsv(Path file, int columns) throws IOException {
        List<String[]> out = new ArrayList<>();
        boolean header = true;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length != columns) {
                throw new IllegalStateException(file.getFileName() + ": expected " + columns + " columns: " + line);
            }
            out.add(cols);
        }
        return out;
    }
}
