package io.switchboard.testkit.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Asterisk 22.10.1 knows about its actions: the write classes that allow each one ({@code action-auth.tsv},
 * copied from the protocol notes) and the {@code ListCommands} lines of the recorded lab server.
 * Loaded once from resources; immutable afterwards.
 */
public final class ActionCatalog {
    private static final String BASE = "/io/switchboard/testkit/";
    private static final ActionCatalog INSTANCE = load();

    /** Lower-case action name to the write classes any one of which allows it (0 = every logged-in user). */
    private final Map<String, Integer> writeClasses;
    private final List<String[]> listCommands;

    private ActionCatalog(Map<String, Integer> writeClasses, List<String[]> listCommands) {
        this.writeClasses = writeClasses;
        this.listCommands = listCommands;
    }

    /** The shared catalog. */
    public static ActionCatalog get() {
        return INSTANCE;
    }

    /**
     * The write classes of an action, any one of which allows it; 0 if every logged-in user may run it. An action
     * Asterisk does not register (e.g. one only a custom CallEngine knows) counts as class 0.
     */
    public int writeClasses(String action) {
        return writeClasses.getOrDefault(action.toLowerCase(Locale.ROOT), 0);
    }

    /** Whether Asterisk 22 registers an action of this name (case-insensitive). */
    public boolean isAsteriskAction(String action) {
        return writeClasses.containsKey(action.toLowerCase(Locale.ROOT));
    }

    /** The {@code ListCommands} reply lines as {key, value} pairs, in Asterisk's order. */
    public List<String[]> listCommands() {
        return listCommands;
    }

    private static ActionCatalog load() {
        Map<String, Integer> classes = new HashMap<>();
        for (String line : lines("action-auth.tsv")) {
            String[] cols = line.split("\t");
            if (cols.length < 5 || cols[0].equals("action")) {
                continue;
            }
            int mask = 0;
            if (!cols[4].startsWith("(")) {  // "(none required)"
                for (String label : cols[4].split("\\|")) {
                    mask |= Perms.bit(label);
                }
            }
            classes.put(cols[0].toLowerCase(Locale.ROOT), mask);
        }
        List<String[]> commands = new ArrayList<>();
        for (String line : lines("listcommands.txt")) {
            int sep = line.indexOf(": ");
            if (sep > 0) {
                commands.add(new String[] {line.substring(0, sep), line.substring(sep + 2)});
            }
        }
        return new ActionCatalog(Map.copyOf(classes), Collections.unmodifiableList(commands));
    }

    /** What {@code core show help} prints on the lab server (command_core_show_help.recv), one CLI line each. */
    List<String> cliHelp() {
        return CliHelp.LINES;
    }

    /** Loaded on first use only: most sessions never ask for the 20 KB help text. */
    private static final class CliHelp {
        static final List<String> LINES = List.copyOf(lines("cli-help.txt"));
    }

    private static List<String> lines(String name) {
        try (InputStream in = ActionCatalog.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from ami-testkit: " + BASE + name);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                out.add(l);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
