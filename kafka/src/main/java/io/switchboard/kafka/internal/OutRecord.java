package io.switchboard.kafka.internal;

import java.nio.charset.StandardCharsets;

/**
 * One record waiting to be published: topic, key and the serialized JSON value.
 *
 * @param callRecord a finished-call record ({@code publishCdr}): the buffer discards events before these
 */
public record OutRecord(String topic, String key, byte[] value, boolean callRecord) {

    /** An event or status record. */
    public OutRecord(String topic, String key, byte[] value) {
        this(topic, key, value, false);
    }

    /** What the record costs in the buffer: key and value bytes plus a fixed overhead for the object. */
    public long size() {
        return key.getBytes(StandardCharsets.UTF_8).length + (long) value.length + 64;
    }
}
