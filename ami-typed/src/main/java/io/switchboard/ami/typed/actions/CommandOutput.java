package io.switchboard.ami.typed.actions;

import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.Response;

import java.util.List;
import java.util.Objects;

/**
 * The result of a {@code Command} action as lines. Asterisk 22 sends each CLI line as one {@code Output}
 * header (blank lines included); pre-14 servers sent raw text, which the decoder already turns into the same
 * {@code Output} headers. An unknown CLI command answers {@code Response: Error} but still carries output,
 * so build this from the {@link ActionFailedException}'s response too.
 *
 * @param success whether the response said {@code Success}
 * @param message the {@code Message} header ({@code Command output follows}, or the reason), or {@code null}
 * @param lines   the output lines in order; a single empty line when the command printed nothing
 */
public record CommandOutput(boolean success, String message, List<String> lines) {
    public CommandOutput {
        lines = List.copyOf(lines);
    }

    /** The output of a {@code Command} response. */
    public static CommandOutput of(Response response) {
        Objects.requireNonNull(response, "response");
        return new CommandOutput(response.isSuccess(), response.message(), response.output());
    }

    /** The output carried by a failed {@code Command} (e.g. "No such command" text). */
    public static CommandOutput of(ActionFailedException failure) {
        return of(failure.response());
    }

    /** The lines joined with {@code \n}, as the CLI would print them. */
    public String text() {
        return String.join("\n", lines);
    }
}
