package io.switchboard.gateway.internal;

import io.switchboard.ami.Header;

import java.util.List;

/**
 * An API error with its HTTP status and stable {@code code}; rendered as
 * {@code {"code":..., "message":..., "response": {...}}} by {@link Errors}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final transient List<Header> response;
    private final long retryAfter;

    ApiException(int status, String code, String message, List<Header> response) {
        this(status, code, message, response, 0);
    }

    private ApiException(int status, String code, String message, List<Header> response, long retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.response = response;
        this.retryAfter = retryAfter;
    }

    /** A refusal to answer with {@code Retry-After: retryAfterSeconds}. */
    static ApiException retryLater(int status, String code, String message, long retryAfterSeconds) {
        return new ApiException(status, code, message, null, retryAfterSeconds);
    }

    static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad_request", field + ": " + message, null);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Seconds for the {@code Retry-After} header, 0 for none. */
    long retryAfter() {
        return retryAfter;
    }

    /** The AMI response's headers, or null when there is none. */
    List<Header> response() {
        return response;
    }
}
