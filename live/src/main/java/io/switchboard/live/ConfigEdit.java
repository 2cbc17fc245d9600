package io.switchboard.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Changes to a configuration file, applied in order by one {@code UpdateConfig} action (Asterisk applies them
 * all and saves the file, or saves nothing). Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * server.updateConfig("pjsip.conf", ConfigEdit.builder()
 *         .newCategory("carol")
 *         .append("carol", "type", "endpoint")
 *         .append("carol", "context", "from-internal")
 *         .update("alice", "context", "from-vip")
 *         .delete("bob", "allow")
 *         .reload("res_pjsip.so")
 *         .build());
 * }</pre>
 *
 * @param operations the edits, in order
 * @param reload     what to reload after saving: null for nothing, {@code "yes"} for everything, or a module
 */
public record ConfigEdit(List<Operation> operations, String reload) {
    public ConfigEdit {
        operations = List.copyOf(operations);
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("a config edit needs at least one operation");
        }
        if (operations.size() > 100_000) {
            throw new IllegalArgumentException("too many operations");
        }
    }

    /** Starts an edit. */
    public static Builder builder() {
        return new Builder();
    }

    /** The kinds of edits {@code UpdateConfig} knows. */
    public enum Kind {
        /** Add a category. */
        NEW_CATEGORY("NewCat"),
        /** Rename a category (value = new name). */
        RENAME_CATEGORY("RenameCat"),
        /** Delete a category. */
        DELETE_CATEGORY("DelCat"),
        /** Remove every variable of a category. */
        EMPTY_CATEGORY("EmptyCat"),
        /** Change a variable (optionally only where its value equals {@code match}). */
        UPDATE("Update"),
        /** Delete a variable (optionally only where its value equals {@code match}). */
        DELETE("Delete"),
        /** Add a variable at the end of a category. */
        APPEND("Append");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** The {@code Action-NNNNNN} value. */
        public String wireName() {
            return wire;
        }
    }

    /**
     * One edit.
     *
     * @param kind     what to do
     * @param category the category it applies to
     * @param key      the variable (null for category operations)
     * @param value    the value, or the new name for a rename (null if not needed)
     * @param match    only touch the line whose current value is this (null: any)
     */
    public record Operation(Kind kind, String category, String key, String value, String match) {
        public Operation {
            Objects.requireNonNull(kind, "kind");
            if (category == null || category.isEmpty()) {
                throw new IllegalArgumentException("category must not be empty");
            }
        }
    }

    /** Builds a {@link ConfigEdit}; not thread-safe. */
    public static final class Builder {
        private final List<Operation> ops = new ArrayList<>();
        private String reload;

        private Builder() {
        }

        /** {@code [category]} added at the end of the file. */
        public Builder newCategory(String category) {
            return add(Kind.NEW_CATEGORY, category, null, null, null);
        }

        /** Renames a category. */
        public Builder renameCategory(String category, String newName) {
            return add(Kind.RENAME_CATEGORY, category, null, requireText(newName, "new name"), null);
        }

        /** Deletes a category with all its variables. */
        public Builder deleteCategory(String category) {
            return add(Kind.DELETE_CATEGORY, category, null, null, null);
        }

        /** Removes every variable of a category, keeping the category. */
        public Builder emptyCategory(String category) {
            return add(Kind.EMPTY_CATEGORY, category, null, null, null);
        }

        /** Appends {@code key = value} to a category. */
        public Builder append(String category, String key, String value) {
            return add(Kind.APPEND, category, requireText(key, "key"), Objects.requireNonNull(value, "value"), null);
        }

        /** Sets the first {@code key} line to {@code value}; the edit fails if the category has no such key. */
        public Builder update(String category, String key, String value) {
            return add(Kind.UPDATE, category, requireText(key, "key"), Objects.requireNonNull(value, "value"), null);
        }

        /** Sets {@code key} to {@code value} where its current value is {@code match}. */
        public Builder update(String category, String key, String value, String match) {
            return add(Kind.UPDATE, category, requireText(key, "key"), Objects.requireNonNull(value, "value"),
                    match);
        }

        /** Deletes every {@code key} line of a category; the edit fails if there is none. */
        public Builder delete(String category, String key) {
            return add(Kind.DELETE, category, requireText(key, "key"), null, null);
        }

        /** Deletes the {@code key} lines whose value is {@code match}. */
        public Builder delete(String category, String key, String match) {
            return add(Kind.DELETE, category, requireText(key, "key"), null, match);
        }

        /** Reloads this module after saving ({@code res_pjsip.so}, {@code app_queue.so}...). */
        public Builder reload(String module) {
            this.reload = requireText(module, "module");
            return this;
        }

        /** Reloads everything after saving. */
        public Builder reloadAll() {
            this.reload = "yes";
            return this;
        }

        /** The edit. */
        public ConfigEdit build() {
            return new ConfigEdit(ops, reload);
        }

        private Builder add(Kind kind, String category, String key, String value, String match) {
            ops.add(new Operation(kind, requireText(category, "category"), key, value, match));
            return this;
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return s;
        }
    }
}
