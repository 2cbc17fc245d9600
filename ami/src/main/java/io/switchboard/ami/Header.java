package io.switchboard.ami;

import java.util.Objects;

/** One {@code Key: Value} line of a packet, in the spelling the sender used. */
public record Header(String key, String value) {
    public Header {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return key + ": " + (Secrets.isSecretKey(key) ? Secrets.MASK : value);
    }
}
