package io.switchboard.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.switchboard.testkit.pbx.CallEngine;

/**
 * The CLI behind the {@code Command} action: scripted outputs first, then the few commands FakeAsterisk knows
 * itself ({@code core show version}, {@code core show uptime [seconds]}, {@code core show help}), else Asterisk's "No such command" text (ami-protocol.md §7.4, command_misc.recv).
 */
final class CliCommands {
    /** What {@code core show version} prints. */
    static final String VERSION =
            "Asterisk 22.10.1 built by switchboard @ fake-asterisk on a x86_64 running Linux on 2026-11-26 06:20:11 UTC";

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long YEAR = 365 * DAY;

    /**
     * A command's result.
     *
     * @param success whether the CLI command ran (else the reply is {@code Response: Error})
     * @param lines   output lines
     */
    record Result(boolean success, List<String> lines) {
    }

    private CliCommands() {
    }

    /** Whether Asterisk refuses this command over AMI ({@code Command blacklisted}). */
    static boolean blacklisted(String command) {
        String c = ServerConfig.normalizeCommand(command);
        return c.startsWith("module load") || c.startsWith("module unload") || c.startsWith("restart gracefully");
    }

    static Result run(String command, ServerConfig config, Instant startedAt, CallEngine engine) {
        String key = ServerConfig.normalizeCommand(command);
        List<String> scripted = config.commandOutputs().get(key);
        if (scripted != null) {
            return new Result(true, scripted);
        }
        if (engine != null) {
            java.util.Optional<List<String>> fromPbx = engine.cliOutput(command.strip());
            if (fromPbx.isPresent()) {
                return new Result(true, fromPbx.get());
            }
        }
        long uptime = Math.max(0, Duration.between(startedAt, Instant.now()).getSeconds());
        switch (key) {
            case "core show version":
                return new Result(true, List.of(VERSION));
            case "core show help":  // the lab server's full list, as ListCommands is (with an argument: unknown)
                return new Result(true, ActionCatalog.get().cliHelp());
            case "core show uptime":
                return new Result(true, List.of("System uptime: " + duration(uptime), "Last reload: " + duration(uptime)));
            case "core show uptime seconds":
                return new Result(true, List.of("System uptime: " + uptime, "Last reload: " + uptime));
            default:
                String typed = command.strip().replaceAll("\\s+", " ");
                return new Result(false, List.of("No such command '" + typed + "' (type 'core show help " + typed
                        + "' for other possible commands)"));
        }
    }

    /** Asterisk's {@code print_uptimestr}: "2 minutes, 17 seconds", "1 hour", "0 seconds". */
    static String duration(long seconds) {
        StringBuilder sb = new StringBuilder();
        long left = seconds;
        long[] units = {YEAR, WEEK, DAY, HOUR, MINUTE};
        String[] names = {"year", "week", "day", "hour", "minute"};
        for (int i = 0; i < units.length; i++) {
            if (left > units[i]) {
                long x = left / units[i];
                left -= x * units[i];
                sb.append(x).append(' ').append(names[i]).append(x == 1 ? "" : "s").append(left > 0 ? ", " : "");
            }
        }
        if (left > 0 || sb.length() == 0) {
            sb.append(left).append(" second").append(left == 1 ? "" : "s");
        }
        return sb.toString();
    }
}
