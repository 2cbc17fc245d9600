package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's answer to a request it refuses before Javalin sees it (a malformed URI or percent-escape, headers too
 * large, an invalid Content-Length): the API's JSON error shape {@code {"code","message"}} instead of Jetty's
 * HTML page, so that every error a client can get parses the same way.
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (HttpStatus.hasNoBody(status)) {
            return BufferUtil.EMPTY_BUFFER;
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("code", switch (status) {
            case 400 -> "bad_request";
            case 413, 414, 431 -> "too_large";
            default -> "http_" + status;
        });
        body.put("message", "request: " + (reason == null ? HttpStatus.getMessage(status) : reason));
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
