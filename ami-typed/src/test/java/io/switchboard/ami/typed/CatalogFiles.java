package io.switchboard.ami.typed;

import io.switchboard.codegen.Catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The module's own copy of the catalog ({@code src/main/catalog}; tests run in the module directory), read
 * both raw and through the generator's model (the build-only generator is on the test class path).
 */
final class CatalogFiles {
    static final Path DIR = Path.of("src/main/catalog");

    private CatalogFiles() {
    }

    static Catalog catalog() {
        try {
            return Catalog.load(DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data rows of a catalog TSV file, split into columns. */
    static List<String[]> rows(String file) {
        try {
            List<String> lines = Files.readAllLines(DIR.resolve(file), StandardCharsets.UTF_8);
            List<String[]> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    out.add(line.split("\t", -1));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
