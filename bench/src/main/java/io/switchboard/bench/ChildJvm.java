package io.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ClientMain} in a fresh JVM (same java binary and class path as this one) and collects its
 * {@code RESULT} lines. The child's stderr (asterisk-java logs there) goes to a log file. A child that outlives
 * its time limit is destroyed.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** One {@code RESULT kind k=v ...} line: {@code kind} under key "kind". */
    static List<Map<String, String>> run(List<String> flags, List<String> args, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ClientMain.class.getName());
        cmd.addAll(args);
        log.getParent().toFile().mkdirs();
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        List<Map<String, String>> results = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        synchronized (results) {
                            results.add(parse(line));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child died; what was read stays
            }
        }, "child-stdout");
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            System.err.println("client JVM timed out after " + timeoutSeconds + " s; destroying it: " + args);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5000);
        if (p.exitValue() != 0) {
            System.err.println("client JVM exited with " + p.exitValue() + "; see " + log);
        }
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    static Map<String, String> parse(String line) {
        String[] parts = line.split(" ");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", parts[1]);
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            m.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return m;
    }
}
