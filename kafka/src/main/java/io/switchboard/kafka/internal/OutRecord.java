package io.switchboard.kafka.internal;

import java.nio.charset.StandardCharsets;

/** One record waiting to be published: topic, key and the serialized JSON value. */
public record OutRecord(String topic, String key, byte[] value) {

    /** What the record costs in the buffer: key and value bytes plus a fixed overhead for the object. */
    public long size() {
        return key.getBytes(StandardCharsets.UTF_8).length + (long) value.length + 64;
    }
}
