package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Asterisk database (AstDB) in memory, for DBPut, DBGet, DBDel, DBDelTree and DBGetTree ({@code main/db.c}
 * {@code manager_dbput} and friends), with their reply layouts and error texts. Entries are stored, as in
 * Asterisk's SQLite table, under the path {@code /family/key} and listed in path order.
 */
final class AstDb {
    private final Map<String, String> entries = new TreeMap<>();

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    /** DBPut Family Key [Val]: stores (or replaces) the entry; an absent Val stores "". */
    void put(Packet a, Reply reply) {
        String family = a.get("Family");
        String key = a.get("Key");
        if (empty(family)) {
            reply.error("No family specified");
            return;
        }
        if (empty(key)) {
            reply.error("No key specified");
            return;
        }
        String val = a.get("Val");
        entries.put("/" + family + "/" + key, val == null ? "" : val);
        reply.success("Updated database successfully");
    }

    /** DBGet Family Key: a one-item list (DBGetResponse, ActionID last) or "Database entry not found". */
    void get(Packet a, Reply reply) {
        String family = a.get("Family");
        String key = a.get("Key");
        if (empty(family)) {
            reply.error("No family specified.");
            return;
        }
        if (empty(key)) {
            reply.error("No key specified.");
            return;
        }
        String val = entries.get("/" + family + "/" + key);
        if (val == null) {
            reply.error("Database entry not found");
            return;
        }
        reply.listStart("Result will follow");
        reply.send(reply.idLast(Packet.builder().add("Event", "DBGetResponse").add("Family", family)
                .add("Key", key).add("Val", val)));
        reply.last(reply.complete("DBGetComplete", 1));
    }

    /** DBDel Family Key: removes one entry. */
    void del(Packet a, Reply reply) {
        String family = a.get("Family");
        String key = a.get("Key");
        if (empty(family)) {
            reply.error("No family specified.");
            return;
        }
        if (empty(key)) {
            reply.error("No key specified.");
            return;
        }
        if (entries.remove("/" + family + "/" + key) == null) {
            reply.error("Database entry could not be deleted");
            return;
        }
        reply.success("Key deleted successfully");
    }

    /** DBDelTree Family [Key]: removes the family, or the key and everything below it. */
    void delTree(Packet a, Reply reply) {
        String family = a.get("Family");
        if (empty(family)) {
            reply.error("No family specified.");
            return;
        }
        String key = a.get("Key");
        List<String> doomed = under(empty(key) ? "/" + family : "/" + family + "/" + key);
        if (doomed.isEmpty()) {
            reply.error("Database entry not found");
            return;
        }
        doomed.forEach(entries::remove);
        reply.success("Key tree deleted successfully");
    }

    /**
     * DBGetTree [Family [Key]]: a list of DBGetTreeResponse items (full path as Key, ActionID last) for the
     * entries at or below the prefix, every entry without Family; an empty list when nothing matches.
     */
    void getTree(Packet a, Reply reply) {
        String family = a.get("Family");
        String key = a.get("Key");
        String prefix = empty(family) ? "" : empty(key) ? "/" + family : "/" + family + "/" + key;
        List<String> keys = prefix.isEmpty() ? new ArrayList<>(entries.keySet()) : under(prefix);
        reply.listStart("Result will follow");
        for (String k : keys) {
            reply.send(reply.idLast(Packet.builder().add("Event", "DBGetTreeResponse").add("Key", k)
                    .add("Val", entries.get(k))));
        }
        reply.last(reply.complete("DBGetTreeComplete", keys.size()));
    }

    /** Paths equal to {@code prefix} or below it (at a {@code /} boundary), in order. */
    private List<String> under(String prefix) {
        List<String> out = new ArrayList<>();
        for (String k : entries.keySet()) {
            if (k.equals(prefix) || k.startsWith(prefix + "/")) {
                out.add(k);
            }
        }
        return out;
    }
}
