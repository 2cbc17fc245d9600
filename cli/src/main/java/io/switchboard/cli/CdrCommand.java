package io.switchboard.cli;

import io.switchboard.recorder.AccountSummary;
import io.switchboard.recorder.CdrQuery;
import io.switchboard.recorder.CdrRecord;
import io.switchboard.recorder.CdrStore;
import io.switchboard.recorder.RecorderException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code switchboard cdr}: reads the billing recorder's database (SQLite file or PostgreSQL, by JDBC URL):
 * {@code query} lists calls, {@code export} writes them as CSV, {@code summary} totals them per account code.
 */
@Command(name = "cdr",
        mixinStandardHelpOptions = true,
        description = {"Query and export the calls recorded by the billing recorder.",
                "The database password, if any, comes from $" + CdrCommand.PASSWORD_ENV + "."},
        subcommands = {CdrCommand.Query.class, CdrCommand.Export.class, CdrCommand.Summary.class})
final class CdrCommand implements Runnable {
    static final String PASSWORD_ENV = "SWITCHBOARD_DB_PASSWORD";
    static final int DB_FAILED = 1;

    @ParentCommand
    Main main;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: query, export or summary");
    }

    /** Output formats. */
    enum Format { table, csv, json }

    /** Where the database is and which calls: shared by every subcommand. */
    static final class Selection {
        @Option(names = "--db", required = true, paramLabel = "JDBC_URL",
                description = "jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB")
        String db;

        @Option(names = "--db-user", paramLabel = "USER", description = "Database user (PostgreSQL).")
        String user;

        @Option(names = "--from", paramLabel = "TIME",
                description = "Calls started at or after this (2026-11-26 or 2026-11-26T10:00:00Z).")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "Calls started before this.")
        String to;

        @Option(names = "--server", paramLabel = "NAME", description = "Only this server.")
        String server;

        @Option(names = "--account", paramLabel = "CODE", description = "Only this account code.")
        String account;

        @Option(names = "--disposition", paramLabel = "D", description = "Only this disposition (ANSWERED, NO ANSWER, BUSY...).")
        String disposition;

        Instant from() {
            return time(from, "--from");
        }

        Instant to() {
            return time(to, "--to");
        }

        private static Instant time(String v, String option) {
            if (v == null) {
                return null;
            }
            try {
                return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new CliException(Main.USAGE, option + ": not a date or ISO-8601 instant: " + v);
            }
        }
    }

    /** Common run logic: typed failures become a one-line message and an exit code. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        CdrCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Selection selection = new Selection();

        @Override
        public Integer call() {
            try {
                requireExistingSqliteFile(selection.db);
                String password = parent.main == null ? null : parent.main.env.apply(PASSWORD_ENV);
                CdrStore store = CdrStore.open(selection.db, selection.user, password);
                PrintWriter out = spec.commandLine().getOut();
                run(store, out);
                out.flush();
                return Main.OK;
            } catch (CliException e) {
                return Main.fail(spec, e);
            } catch (RecorderException | IllegalArgumentException | UncheckedIOException e) {
                return Main.fail(spec, new CliException(DB_FAILED, e.getMessage(), e));
            }
        }

        /**
         * Opening a store creates the database it names, which is right for the recorder and wrong here: a typo in
         * the path would make an empty file and report "no calls", as if nobody had phoned.
         */
        private static void requireExistingSqliteFile(String url) {
            String prefix = "jdbc:sqlite:";
            if (url == null || !url.startsWith(prefix)) {
                return;
            }
            String file = url.substring(prefix.length());
            int params = file.indexOf('?');
            file = params >= 0 ? file.substring(0, params) : file;
            if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:")) {
                return; // in-memory or a URI: nothing on disk to check
            }
            if (!Files.isRegularFile(Path.of(file))) {
                throw new CliException(DB_FAILED, "no such database file: " + file);
            }
        }

        CdrQuery query(long offset, int limit) {
            return new CdrQuery(selection.from(), selection.to(), selection.server, selection.account,
                    selection.disposition, offset, limit);
        }

        abstract void run(CdrStore store, PrintWriter out);
    }

    @Command(name = "query", mixinStandardHelpOptions = true, description = "List recorded calls, oldest first.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:listed", "1:database unreachable or unreadable", "2:invalid usage"})
    static final class Query extends Sub {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most this many (0: all; default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip this many first.")
        long offset;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table, csv or json (one object a line); default: ${DEFAULT-VALUE}.")
        Format format;

        @Option(names = "--json", description = "Same as --format json, the option every other command has.")
        boolean json;

        @Override
        void run(CdrStore store, PrintWriter out) {
            if (limit < 0 || offset < 0) {
                throw new CliException(Main.USAGE, "--limit and --offset must be >= 0");
            }
            CdrQuery q = query(offset, limit);
            switch (json ? Format.json : format) {
                case csv -> store.exportCsv(q, out);
                case json -> store.find(q).forEach(r -> JsonLines.write(out, json(r)));
                case table -> {
                    List<CdrRecord> rows = store.find(q);
                    Table t = new Table("START", "SERVER", "UNIQUEID", "LEG", "SOURCE", "DESTINATION", "DURATION",
                            "BILLSEC", "DISPOSITION", "ACCOUNT", "ORIGIN");
                    for (CdrRecord r : rows) {
                        t.row(r.start(), r.server(), r.uniqueid(), r.leg(), r.source(), r.destination(), r.duration(),
                                r.billableSeconds(), r.disposition(), r.accountCode(), r.origin());
                    }
                    if (t.isEmpty()) {
                        out.println("no calls");
                    } else {
                        t.print(out, "");
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every matching call as CSV (RFC 4180) to a file or stdout.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:exported", "1:database unreachable or file not writable", "2:invalid usage"})
    static final class Export extends Sub {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of stdout.")
        Path output;

        @Override
        void run(CdrStore store, PrintWriter out) {
            if (output == null) {
                store.exportCsv(query(0, 0), out);
                return;
            }
            try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                store.exportCsv(query(0, 0), w);
            } catch (IOException e) {
                throw new CliException(DB_FAILED, "cannot write " + output + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Calls, minutes and billable minutes per account code.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:summarised", "1:database unreachable or unreadable", "2:invalid usage"})
    static final class Summary extends Sub {
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table, csv or json (one object a line); default: ${DEFAULT-VALUE}.")
        Format format;

        @Option(names = "--json", description = "Same as --format json, the option every other command has.")
        boolean json;

        @Override
        void run(CdrStore store, PrintWriter out) {
            List<AccountSummary> sums = store.summary(query(0, 0)); // every filter of the selection, not just time
            switch (json ? Format.json : format) {
                case json -> sums.forEach(s -> {
                    Map<String, Object> o = JsonLines.object();
                    o.put("accountCode", s.accountCode());
                    o.put("calls", s.calls());
                    o.put("minutes", s.minutes());
                    o.put("billableMinutes", s.billableMinutes());
                    JsonLines.write(out, o);
                });
                case csv -> {
                    out.print("account_code,calls,minutes,billable_minutes\r\n");
                    sums.forEach(s -> out.print(csv(s.accountCode()) + "," + s.calls() + ","
                            + minutes(s.minutes()) + "," + minutes(s.billableMinutes()) + "\r\n"));
                }
                case table -> {
                    Table t = new Table("ACCOUNT", "CALLS", "MINUTES", "BILLABLE");
                    sums.forEach(s -> t.row(s.accountCode().isEmpty() ? "(none)" : s.accountCode(), s.calls(),
                            minutes(s.minutes()), minutes(s.billableMinutes())));
                    if (t.isEmpty()) {
                        out.println("no calls");
                    } else {
                        t.print(out, "");
                    }
                }
                default -> throw new IllegalStateException();
            }
        }

        private static String minutes(double m) {
            return String.format(java.util.Locale.ROOT, "%.2f", m);
        }

        private static String csv(String s) {
            return s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s
                    : '"' + s.replace("\"", "\"\"") + '"';
        }
    }

    private static Map<String, Object> json(CdrRecord r) {
        Map<String, Object> o = JsonLines.object();
        o.put("server", r.server());
        o.put("uniqueid", r.uniqueid());
        o.put("leg", r.leg());
        o.put("linkedid", r.linkedid());
        o.put("source", r.source());
        o.put("destination", r.destination());
        o.put("callerId", r.callerId());
        o.put("context", r.context());
        o.put("channel", r.channel());
        o.put("destinationChannel", r.destinationChannel());
        o.put("start", r.start().toString());
        o.put("answer", r.answer() == null ? null : r.answer().toString());
        o.put("end", r.end().toString());
        o.put("duration", r.duration());
        o.put("billableSeconds", r.billableSeconds());
        o.put("disposition", r.disposition());
        o.put("hangupCause", r.hangupCause());
        o.put("accountCode", r.accountCode());
        o.put("userField", r.userField());
        o.put("recordingFile", r.recordingFile());
        o.put("origin", r.origin().name());
        return o;
    }
}
