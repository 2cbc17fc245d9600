package io.switchboard.live.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.Header;
import io.switchboard.ami.Response;
import io.switchboard.live.ConfigEdit;
import io.switchboard.live.ConfigFile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GetConfig replies ({@code Category-NNNNNN}, {@code Templates-NNNNNN}, {@code Line-NNNNNN-MMMMMM: key=value}, all
 * in one response) into a {@link ConfigFile}, and {@link ConfigEdit}s into UpdateConfig's numbered headers.
 */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static Action getConfig(String fileName) {
        return Action.named("GetConfig").header("Filename", fileName);
    }

    static ConfigFile parse(String fileName, Response r) {
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, List<String>> templates = new TreeMap<>();
        Map<Integer, TreeMap<Integer, ConfigFile.Line>> lines = new TreeMap<>();
        for (Header h : r.headers()) {
            String k = h.key();
            try {
                if (k.startsWith("Category-")) {
                    names.put(Integer.parseInt(k.substring(9)), h.value());
                } else if (k.startsWith("Templates-")) {
                    templates.put(Integer.parseInt(k.substring(10)),
                            Arrays.stream(h.value().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
                } else if (k.startsWith("Line-")) {
                    String[] n = k.substring(5).split("-");
                    String v = h.value();
                    int eq = v.indexOf('=');
                    ConfigFile.Line line = eq < 0 ? new ConfigFile.Line(v, "")
                            : new ConfigFile.Line(v.substring(0, eq), v.substring(eq + 1));
                    lines.computeIfAbsent(Integer.parseInt(n[0]), x -> new TreeMap<>())
                            .put(Integer.parseInt(n[1]), line);
                }
            } catch (RuntimeException e) {
                // a header that only looks like ours (e.g. a future format): not part of the file
            }
        }
        List<ConfigFile.Category> categories = new ArrayList<>();
        for (Map.Entry<Integer, String> c : names.entrySet()) {
            categories.add(new ConfigFile.Category(c.getValue(), templates.getOrDefault(c.getKey(), List.of()),
                    new ArrayList<>(lines.getOrDefault(c.getKey(), new TreeMap<>()).values())));
        }
        return new ConfigFile(fileName, categories);
    }

    static Action updateConfig(String fileName, ConfigEdit edit) {
        Action a = Action.named("UpdateConfig").header("SrcFilename", fileName).header("DstFilename", fileName);
        if (edit.reload() != null) {
            a = a.header("Reload", edit.reload());
        }
        int i = 0;
        for (ConfigEdit.Operation op : edit.operations()) {
            String n = String.format("%06d", i++);
            a = a.header("Action-" + n, op.kind().wireName()).header("Cat-" + n, op.category());
            if (op.key() != null) {
                a = a.header("Var-" + n, op.key());
            }
            if (op.value() != null) {
                a = a.header("Value-" + n, op.value());
            }
            if (op.match() != null) {
                a = a.header("Match-" + n, op.match());
            }
        }
        return a;
    }
}
