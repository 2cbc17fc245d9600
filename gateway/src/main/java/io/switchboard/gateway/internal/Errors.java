package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiException;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.ConnectionLostException;
import io.switchboard.ami.Header;
import io.switchboard.live.ChannelGoneException;
import io.switchboard.live.OriginateException;
import io.switchboard.recorder.RecorderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Maps failures to HTTP statuses and writes the stable JSON error shape. */
final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    /** The API error for any failure; unexpected ones become a 500 whose details go to the log only. */
    static ApiException map(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ApiException e) {
            return e;
        }
        if (t instanceof ChannelGoneException e) {
            return new ApiException(409, "channel_gone", "channel " + e.channelName() + " has ended", null);
        }
        if (t instanceof OriginateException e) {
            return new ApiException(502, "originate_failed", "the call failed: " + e.failure(),
                    e.response() == null ? null : e.response().headers());
        }
        if (t instanceof ActionFailedException e) {
            return new ApiException(502, "ami_error", "Asterisk refused: " + e.response().message(),
                    e.response().headers());
        }
        if (t instanceof AmiTimeoutException) {
            return new ApiException(504, "ami_timeout", "Asterisk did not answer in time", null);
        }
        if (t instanceof ConnectionLostException) {
            return new ApiException(503, "ami_unavailable", "the connection to Asterisk was lost", null);
        }
        if (t instanceof AmiException) {
            return new ApiException(502, "ami_failure", "AMI failure: " + t.getClass().getSimpleName(), null);
        }
        if (t instanceof RecorderException) {
            // The store's messages name the redacted URL only; the detail is for the log, not the client.
            LOG.warn("CDR query failed: {}", t.getMessage());
            return new ApiException(503, "recorder_unavailable", "the CDR database cannot be reached", null);
        }
        LOG.error("unexpected failure", t);
        return new ApiException(500, "internal", "internal error", null);
    }

    /** Writes the error as JSON with its status. */
    static void write(Context ctx, ApiException e) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("code", e.code());
        body.put("message", e.getMessage());
        List<Header> response = e.response();
        if (response != null) {
            ObjectNode r = body.putObject("response");
            for (Header h : response) {
                if (!r.has(h.key())) {
                    r.put(h.key(), h.value());
                }
            }
        }
        if (e.retryAfter() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfter()));
        }
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        Json.write(ctx, e.status(), body);
    }
}
