package io.switchboard.live;

/** A registered listener; closing it removes the listener. Idempotent. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
