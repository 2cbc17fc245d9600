package io.switchboard.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How catalog names become Java names. Class names keep the catalog's spelling ({@code DTMFBegin} stays
 * {@code DTMFBeginEvent}, so users find them by the name they read in Asterisk's docs); member names are
 * lowerCamelCase with acronyms folded ({@code CallerIDNum} becomes {@code callerIdNum}).
 */
public final class Names {
    private static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for",
            "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
            "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
            "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
            "true", "false", "null", "var", "record", "yield", "sealed", "permits");

    private Names() {
    }

    /** {@code AOC-D} + {@code Event} gives {@code AOCDEvent}; a name already ending in the suffix keeps it once. */
    public static String className(String catalogName, String suffix) {
        StringBuilder sb = new StringBuilder();
        boolean upperNext = true;
        for (char c : catalogName.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                upperNext = true;
                continue;
            }
            sb.append(upperNext ? Character.toUpperCase(c) : c);
            upperNext = false;
        }
        if (sb.length() == 0 || !Character.isLetter(sb.charAt(0))) {
            sb.insert(0, 'X');
        }
        String base = sb.toString();
        return base.endsWith(suffix) ? base : base + suffix;
    }

    /**
     * The member name for a header or parameter: {@code CallerIDNum} gives {@code callerIdNum},
     * {@code Cause-txt} gives {@code causeTxt}, {@code 100rel} gives {@code rel100}; a Java keyword gets the
     * suffix {@code Value} ({@code Class} gives {@code classValue}).
     */
    public static String member(String header) {
        List<String> words = words(header);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no letters in name: " + header);
        }
        if (Character.isDigit(words.get(0).charAt(0))) { // "100rel": move the leading digits to the end
            String w = words.get(0);
            int i = 0;
            while (i < w.length() && Character.isDigit(w.charAt(i))) {
                i++;
            }
            words.set(0, i == w.length() ? "n" + w : w.substring(i) + w.substring(0, i));
        }
        StringBuilder sb = new StringBuilder(words.get(0).toLowerCase(Locale.ROOT));
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1).toLowerCase(Locale.ROOT));
        }
        String name = sb.toString();
        return KEYWORDS.contains(name) ? name + "Value" : name;
    }

    /** Splits at non-alphanumerics and at case changes, keeping acronyms together: {@code CallerIDNum}. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String chunk : s.split("[^A-Za-z0-9]+")) {
            if (chunk.isEmpty()) {
                continue;
            }
            for (String w : chunk.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /**
     * Reserves a generated member name within one class: two headers or parameters that would get the same name
     * fail the build (naming {@code what}) instead of producing a class that does not compile.
     */
    public static String claim(String what, String method, java.util.Set<String> used) {
        if (!used.add(method)) {
            throw new IllegalStateException(what + " name " + method + " is taken");
        }
        return method;
    }

    /** A Java string literal for {@code s}. */
    public static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
