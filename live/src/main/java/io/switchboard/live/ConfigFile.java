package io.switchboard.live;

import java.util.List;
import java.util.Optional;

/**
 * A configuration file as Asterisk read it ({@code GetConfig}): categories in file order, each with its
 * {@code key = value} lines in order (keys may repeat, as {@code allow} does). Immutable; change a file with
 * {@link AsteriskServer#updateConfig(String, ConfigEdit)} and read it again.
 *
 * @param name       file name, e.g. {@code pjsip.conf}
 * @param categories categories in file order
 */
public record ConfigFile(String name, List<Category> categories) {
    public ConfigFile {
        categories = List.copyOf(categories);
    }

    /** The first category with this name. */
    public Optional<Category> category(String categoryName) {
        return categories.stream().filter(c -> c.name().equals(categoryName)).findFirst();
    }

    /** The first value of {@code key} in the first category named {@code categoryName}. */
    public Optional<String> get(String categoryName, String key) {
        return category(categoryName).flatMap(c -> c.get(key));
    }

    /**
     * One {@code [category]}.
     *
     * @param name      category name
     * @param templates the templates it inherits from ({@code [name](tpl1,tpl2)}), empty if none
     * @param lines     its variables in file order
     */
    public record Category(String name, List<String> templates, List<Line> lines) {
        public Category {
            templates = List.copyOf(templates);
            lines = List.copyOf(lines);
        }

        /** The first value of {@code key}. */
        public Optional<String> get(String key) {
            return lines.stream().filter(l -> l.key().equals(key)).map(Line::value).findFirst();
        }

        /** Every value of {@code key}, in order. */
        public List<String> getAll(String key) {
            return lines.stream().filter(l -> l.key().equals(key)).map(Line::value).toList();
        }
    }

    /**
     * One {@code key = value} line.
     *
     * @param key   variable name
     * @param value value, as written
     */
    public record Line(String key, String value) {
    }
}
