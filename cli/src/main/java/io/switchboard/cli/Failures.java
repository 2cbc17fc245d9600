package io.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How {@code switchboard} reports what its commands do not handle themselves, as one line on stderr:
 * <ul>
 * <li>a usage error (picocli's parse errors and the commands' own {@link ParameterException}s) is
 * {@code switchboard NAME: message (see 'switchboard NAME --help')} and exit code 2, instead of picocli's
 * default of the message followed by the whole help text, in which a script's log loses the one line that
 * matters;</li>
 * <li>an unknown option is named without its value, because what a user mistypes most is the option that
 * would carry a password ({@code --secret hunter2}), and that value must not land in a terminal log;</li>
 * <li>an unexpected exception (a bug) is its class and message, with the stack trace only under {@code -v}.</li>
 * </ul>
 */
final class Failures {
    /** Options a user may try for the secret; the value is never echoed, the right way is explained. */
    private static final Pattern SECRET_OPTION = Pattern.compile("--?(secret|password|passwd|pass|pw)",
            Pattern.CASE_INSENSITIVE);

    static final String NO_SECRET_OPTION = "a secret is never accepted on the command line (ps and the shell "
            + "history would show it): set " + ConnectionOptions.SECRET_ENV + " or give --secret-file FILE";

    private Failures() {
    }

    /**
     * Refuses a command-line value with a CR or LF before anything is sent: in an AMI header it would end the
     * header and start another (header injection). The value is not repeated: the break would garble the line.
     */
    static void requireOneLine(CommandSpec command, String what, String value) {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
            throw new ParameterException(command.commandLine(), what + " must not contain a line break (CR or LF)");
        }
    }

    /** The {@link CommandLine.IParameterExceptionHandler}. */
    static int usage(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        err.println(name + ": " + message(e) + " (see '" + name + " --help')");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The {@link CommandLine.IExecutionExceptionHandler}. */
    static int unexpected(Exception e, CommandLine cmd, ParseResult parsed) {
        cmd.getOut().flush();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption("--verbose")) {
            e.printStackTrace(err);
        } else {
            err.println(name + ": unexpected failure: " + e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage()) + " (-v shows the stack trace)");
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u) {
            String option = firstOption(u.getUnmatched());
            if (option != null) {
                if (SECRET_OPTION.matcher(option).matches()) {
                    return NO_SECRET_OPTION;
                }
                List<String> suggestions = u.getSuggestions();
                return "unknown option '" + option + "'"
                        + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?");
            }
        }
        String m = firstLine(e.getMessage());
        // picocli starts some of its messages with a capital or "Error: "; ours read as one sentence after "NAME: ".
        m = m.startsWith("Error: ") ? m.substring("Error: ".length()) : m;
        boolean capitalised = m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1));
        return capitalised ? m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1) : m;
    }

    /** The first unmatched argument that looks like an option, without any {@code =value}. */
    private static String firstOption(List<String> unmatched) {
        for (String arg : unmatched) {
            if (arg.length() > 1 && arg.startsWith("-") && !arg.equals("--")) {
                int eq = arg.indexOf('=');
                return eq > 0 ? arg.substring(0, eq) : arg;
            }
        }
        return null;
    }

    /** The first non-blank line of a message (drivers and parsers add detail lines that break "one line"). */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        for (String line : message.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }
}
