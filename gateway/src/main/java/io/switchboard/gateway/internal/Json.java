package io.switchboard.gateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/**
 * JSON in and out. Request fields are read by hand so that every bad value is a 400 naming its field, and
 * CR/LF (which would split an AMI header) are refused before anything is sent.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as a JSON object; an empty body is an empty object. */
    static ObjectNode body(Context ctx, int maxBytes) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > maxBytes) {
            throw new ApiException(413, "too_large", "body: larger than " + maxBytes + " bytes", null);
        }
        if (bytes.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("body", "malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object");
        }
        return (ObjectNode) node;
    }

    /** A required string field. */
    static String text(JsonNode body, String field) {
        String v = optText(body, field);
        if (v == null || v.isEmpty()) {
            throw ApiException.badRequest(field, "required");
        }
        return v;
    }

    /** An optional string field (null when absent). */
    static String optText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field, "must be a string");
        }
        return safe(field, n.textValue());
    }

    /** An optional string field that must not be empty when given (null when absent). */
    static String optNonEmpty(JsonNode body, String field) {
        String v = optText(body, field);
        if (v != null && v.isEmpty()) {
            throw ApiException.badRequest(field, "must not be empty");
        }
        return v;
    }

    /** An optional integer field within bounds. */
    static int optInt(JsonNode body, String field, int dflt, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
            throw ApiException.badRequest(field, "must be an integer from " + min + " to " + max);
        }
        return n.intValue();
    }

    /** Refuses CR and LF, which would end an AMI header line. */
    static String safe(String field, String value) {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
            throw ApiException.badRequest(field, "must not contain CR or LF");
        }
        return value;
    }
}
