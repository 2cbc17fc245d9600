package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lab's configuration files in memory, for GetConfig, UpdateConfig and Reload ({@code manager.c}
 * {@code action_getconfig}, {@code action_updateconfig}, {@code handle_updates}), with their reply layouts and
 * error texts. A file has a saved version (what GetConfig reads) and a loaded one (what modules use, e.g. the
 * PJSIP endpoints), which a Reload of the module (or of everything) brings up to date.
 */
final class ConfigStore {
    /** One {@code [category]}; lines are {@code {key, value}} pairs in order. */
    static final class Category {
        String name;
        final List<String> templates = new ArrayList<>();
        boolean template;
        final List<String[]> lines = new ArrayList<>();

        Category(String name) {
            this.name = name;
        }

        Category copy() {
            Category c = new Category(name);
            c.templates.addAll(templates);
            c.template = template;
            for (String[] l : lines) {
                c.lines.add(l.clone());
            }
            return c;
        }

        String get(String key) {
            for (String[] l : lines) {
                if (l[0].equalsIgnoreCase(key)) {
                    return l[1];
                }
            }
            return null;
        }
    }

    private static final String PJSIP = """
            [transport-udp]
            type = transport
            protocol = udp
            bind = 0.0.0.0:5060

            [alice]
            type = endpoint
            context = test
            allow = ulaw
            allow = alaw
            auth = alice
            aors = alice

            [alice]
            type = auth
            auth_type = userpass
            username = alice
            password = alice-secret

            [alice]
            type = aor
            max_contacts = 1
            contact = sip:alice@127.0.0.1:5062
            qualify_frequency = 60

            [bob]
            type = endpoint
            context = test
            allow = ulaw
            auth = bob
            aors = bob

            [bob]
            type = auth
            auth_type = userpass
            username = bob
            password = bob-secret

            [bob]
            type = aor
            max_contacts = 1
            contact = sip:bob@127.0.0.1:5064
            """;

    private static final String QUEUES = """
            [general]
            persistentmembers = no

            [testq]
            strategy = ringall
            member => Local/qagent@test/n,0,Agent One

            [stormq]
            strategy = rrmemory
            member => Local/stormleg@test/n,0,Storm Agent A
            member => Local/stormleg@test,0,Storm Agent B
            """;

    /** Modules and the files they load. */
    private static final Map<String, String> MODULES = Map.of("res_pjsip.so", "pjsip.conf", "app_queue.so",
            "queues.conf");

    private final Map<String, List<Category>> saved = new LinkedHashMap<>();
    private final Map<String, List<Category>> loaded = new LinkedHashMap<>();

    ConfigStore() {
        saved.put("pjsip.conf", parse(PJSIP));
        saved.put("queues.conf", parse(QUEUES));
        saved.forEach((k, v) -> loaded.put(k, copy(v)));
    }

    /** The loaded version of a file (what its module uses now); empty if there is no such file. */
    List<Category> loaded(String file) {
        return loaded.getOrDefault(file, List.of());
    }

    static List<Category> parse(String text) {
        List<Category> out = new ArrayList<>();
        Category cur = null;
        for (String raw : text.split("\n")) {
            int semi = raw.indexOf(';');
            String line = (semi >= 0 ? raw.substring(0, semi) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                cur = new Category(line.substring(1, close).strip());
                String rest = line.substring(close + 1).strip();
                if (rest.startsWith("(") && rest.endsWith(")")) {
                    for (String t : rest.substring(1, rest.length() - 1).split(",")) {
                        if (t.strip().equals("!")) {
                            cur.template = true;
                        } else if (!t.isBlank()) {
                            cur.templates.add(t.strip());
                        }
                    }
                }
                out.add(cur);
                continue;
            }
            int eq = line.indexOf('=');
            if (cur == null || eq <= 0) {
                continue;
            }
            String value = line.substring(eq + 1);
            if (value.startsWith(">")) {
                value = value.substring(1);
            }
            cur.lines.add(new String[] {line.substring(0, eq).strip(), value.strip()});
        }
        return out;
    }

    private static List<Category> copy(List<Category> cats) {
        List<Category> out = new ArrayList<>();
        for (Category c : cats) {
            out.add(c.copy());
        }
        return out;
    }

    /**
     * The saved categories a GetConfig/GetConfigJSON request asks for (its Category and Filter applied), or null
     * after answering the error (no Filename, unknown file).
     */
    private List<Category> requested(Packet a, Reply reply) {
        String file = a.get("Filename");
        if (file == null || file.isEmpty()) {
            reply.error("Filename not specified");
            return null;
        }
        List<Category> cats = saved.get(file);
        if (cats == null) {
            reply.error("Config file not found");
            return null;
        }
        String only = a.get("Category");
        String filter = a.get("Filter");
        List<Category> out = new ArrayList<>();
        for (Category c : cats) {
            if ((only == null || only.isEmpty() || only.equals(c.name)) && matches(c, filter)) {
                out.add(c);
            }
        }
        return out;
    }

    /** GetConfig Filename [Category] [Filter]: everything in one response. */
    void getConfig(Packet a, Reply reply) {
        List<Category> cats = requested(a, reply);
        if (cats == null) {
            return;
        }
        Packet.Builder b = reply.response("Success");
        int n = 0;
        for (Category c : cats) {
            String cat = String.format("%06d", n++);
            b.add("Category-" + cat, c.name);
            if (c.template) {
                b.add("IsTemplate-" + cat, "1");
            }
            if (!c.templates.isEmpty()) {
                b.add("Templates-" + cat, String.join(",", c.templates));
            }
            int line = 0;
            for (String[] l : c.lines) {
                b.add("Line-" + cat + "-" + String.format("%06d", line++), l[0] + "=" + l[1]);
            }
        }
        reply.last(b);
    }

    /**
     * GetConfigJSON Filename [Category] [Filter]: the saved file as one {@code JSON:} header,
     * {@code {"cat":{"key":"value",...},...}} ({@code "istemplate":1} and {@code "templates":"a,b"} first where
     * they apply; a repeated category or key appears again, as Asterisk writes it). Only {@code \} and {@code "}
     * are escaped, as {@code json_escape} does. Filter is {@code var=value[,var=value...]}, all must match.
     */
    void getConfigJson(Packet a, Reply reply) {
        List<Category> cats = requested(a, reply);
        if (cats == null) {
            return;
        }
        StringBuilder json = new StringBuilder("{");
        boolean comma1 = false;
        for (Category c : cats) {
            json.append(comma1 ? "," : "").append('"').append(jsonEscape(c.name)).append("\":{");
            comma1 = true;
            boolean comma2 = false;
            if (c.template) {
                json.append("\"istemplate\":1");
                comma2 = true;
            }
            if (!c.templates.isEmpty()) {
                json.append(comma2 ? "," : "").append("\"templates\":\"").append(String.join(",", c.templates))
                        .append('"');
                comma2 = true;
            }
            for (String[] l : c.lines) {
                json.append(comma2 ? "," : "").append('"').append(jsonEscape(l[0])).append("\":\"")
                        .append(jsonEscape(l[1])).append('"');
                comma2 = true;
            }
            json.append('}');
        }
        json.append('}');
        reply.last(reply.response("Success").add("JSON", json.toString()));
    }

    private static boolean matches(Category c, String filter) {
        if (filter == null || filter.isEmpty()) {
            return true;
        }
        for (String part : filter.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String var = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            boolean found = false;
            for (String[] l : c.lines) {
                if (l[0].equals(var) && l[1].equals(value)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' || ch == '"') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    /** UpdateConfig SrcFilename DstFilename [Reload] Action-NNNNNN...: all edits or none, then save. */
    void updateConfig(Packet a, Reply reply) {
        String src = a.get("SrcFilename");
        String dst = a.get("DstFilename");
        if (src == null || src.isEmpty() || dst == null || dst.isEmpty()) {
            reply.error("Filename not specified");
            return;
        }
        List<Category> cats = saved.get(src);
        if (cats == null) {
            reply.error("Config file not found");
            return;
        }
        List<Category> work = copy(cats);
        for (int i = 0; i < 100_000; i++) {
            String n = String.format("%06d", i);
            String action = a.get("Action-" + n);
            if (action == null) {
                break;
            }
            String error = apply(work, action, a.get("Cat-" + n), a.get("Var-" + n), a.get("Value-" + n),
                    a.get("Match-" + n));
            if (error != null) {
                reply.error(error);
                return;
            }
        }
        saved.put(dst, work);
        reply.last(reply.response("Success"));
        String reload = a.get("Reload");
        if (reload != null && !reload.isEmpty() && !reload.equalsIgnoreCase("no")) {
            reload(Originator.isTrue(reload) ? null : reload);
        }
    }

    /** One edit of {@code handle_updates}; null if it worked, else Asterisk's error text. */
    private static String apply(List<Category> cats, String action, String cat, String var, String value,
                                String match) {
        String act = action.toLowerCase(Locale.ROOT);
        if (cat == null || cat.isEmpty()) {
            return "Category not specified";
        }
        if (act.equals("newcat")) {
            cats.add(new Category(cat));
            return null;
        }
        Category c = null;
        for (Category x : cats) {
            if (x.name.equals(cat)) {
                c = x;
                break;
            }
        }
        if (!List.of("renamecat", "delcat", "emptycat", "update", "delete", "append").contains(act)) {
            return "Unknown action command";
        }
        if (c == null) {
            return "Given category does not exist";
        }
        switch (act) {
            case "renamecat" -> {
                if (value == null || value.isEmpty()) {
                    return "Problem with category, value, or line (if required)";
                }
                c.name = value;
            }
            case "delcat" -> cats.remove(c);
            case "emptycat" -> c.lines.clear();
            case "append" -> {
                if (var == null || var.isEmpty()) {
                    return "Problem with category, value, or line (if required)";
                }
                c.lines.add(new String[] {var, value == null ? "" : value});
            }
            case "update" -> {
                if (var == null || var.isEmpty()) {
                    return "Problem with category, value, or line (if required)";
                }
                for (String[] l : c.lines) {
                    if (l[0].equalsIgnoreCase(var) && (match == null || match.isEmpty() || l[1].equals(match))) {
                        l[1] = value == null ? "" : value;
                        return null;
                    }
                }
                return "Update did not complete successfully";
            }
            default -> { // delete
                if (var == null || var.isEmpty()) {
                    return "Problem with category, value, or line (if required)";
                }
                boolean removed = c.lines.removeIf(l -> l[0].equalsIgnoreCase(var)
                        && (match == null || match.isEmpty() || l[1].equals(match)));
                if (!removed) {
                    return "Delete did not complete successfully";
                }
            }
        }
        return null;
    }

    /** Reload [Module]: the module's file (or every file) is loaded again from its saved version. */
    void reloadAction(Packet a, Reply reply) {
        String module = a.get("Module");
        if (module != null && !module.isEmpty() && !MODULES.containsKey(module) && !module.startsWith("chan_")
                && !module.startsWith("res_") && !module.startsWith("app_") && !module.startsWith("pbx_")) {
            reply.error("No such module");
            return;
        }
        reply.success("Module Reloaded");
        reload(module == null || module.isEmpty() ? null : module);
    }

    private void reload(String module) {
        if (module == null) {
            saved.forEach((k, v) -> loaded.put(k, copy(v)));
            return;
        }
        String file = MODULES.get(module);
        if (file != null && saved.containsKey(file)) {
            loaded.put(file, copy(saved.get(file)));
        }
    }
}
