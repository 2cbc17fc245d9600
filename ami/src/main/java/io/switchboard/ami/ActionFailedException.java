package io.switchboard.ami;

import java.util.Objects;

/**
 * Asterisk answered an action with {@code Response: Error}. The whole response is kept, so a caller can read
 * the server's {@code Message} and any other header it sent.
 */
public class ActionFailedException extends AmiException {
    private final transient Response response;

    public ActionFailedException(String actionName, Response response) {
        super(actionName + " failed: " + describe(response));
        this.response = Objects.requireNonNull(response, "response");
    }

    private static String describe(Response response) {
        String message = response.message();
        return message == null || message.isEmpty() ? "Response: " + response.status() : message;
    }

    /** The error response exactly as the server sent it. */
    public Response response() {
        return response;
    }
}
