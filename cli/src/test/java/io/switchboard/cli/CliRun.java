package io.switchboard.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Runs {@code switchboard} in-process with captured stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        return run(cmd -> { }, args);
    }

    /** Runs with {@code $SWITCHBOARD_SECRET} set to {@code secret} (null: unset) and no other environment. */
    static CliRun withSecret(String secret, String... args) {
        return run(env(secret), args);
    }

    /** A setup that replaces the command's environment by one holding only {@code $SWITCHBOARD_SECRET}. */
    static Consumer<CommandLine> env(String secret) {
        return cmd -> ((Main) cmd.getCommand()).env =
                name -> name.equals(ConnectionOptions.SECRET_ENV) ? secret : null;
    }

    /** Runs after letting {@code setup} adjust the command tree (e.g. replace stdin of a subcommand). */
    static CliRun run(Consumer<CommandLine> setup, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        setup.accept(cmd);
        int code = cmd.execute(args);
        cmd.getOut().flush();
        cmd.getErr().flush();
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The lines of stdout (LF separated, no trailing empty line). */
    String[] outLines() {
        if (out.isEmpty()) {
            return new String[0];
        }
        String body = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
        return body.split("\n", -1);
    }

    /** The bytes of a golden transcript resource. */
    static byte[] transcript(String name) {
        try (InputStream in = CliRun.class.getResourceAsStream("/io/switchboard/transcripts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing transcript " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a golden transcript into {@code dir} and returns its path as a string. */
    static String copy(Path dir, String name) {
        return write(dir, name, transcript(name));
    }

    static String write(Path dir, String name, byte[] bytes) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, bytes);
            return p.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
