package io.switchboard.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Entry point, run by {@code exec-maven-plugin} in {@code switchboard-ami-typed}'s {@code generate-sources}
 * phase: {@code CatalogGenerator <catalog dir> <output source root>}. The output root is emptied first, so a
 * row removed from the catalog leaves no stale class behind.
 */
public final class CatalogGenerator {
    private CatalogGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: CatalogGenerator <catalog dir> <output source root>");
        }
        Path catalogDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Catalog catalog = Catalog.load(catalogDir);
        clean(out);
        EventGenerator.generate(catalog.events(), out);
        ActionGenerator.generate(catalog.actions(), out);
        System.out.println("switchboard-codegen: " + catalog.events().size() + " event classes, "
                + catalog.actions().size() + " action classes -> " + out);
    }

    private static void clean(Path out) throws IOException {
        if (Files.exists(out)) {
            try (Stream<Path> paths = Files.walk(out)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(out);
    }
}
