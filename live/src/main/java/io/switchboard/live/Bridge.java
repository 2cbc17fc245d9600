package io.switchboard.live;

import java.time.Instant;
import java.util.List;

/**
 * A live bridge: channels talking to each other (a basic two-party call, a conference) or waiting together
 * (a parking lot's holding bridge). Kept current by BridgeCreate/Enter/Leave/Destroy events. Thread-safe.
 */
public interface Bridge {
    /** BridgeUniqueid. */
    String id();

    /** Bridge type, e.g. {@code basic}, {@code parking}. */
    String type();

    /** Bridging technology, e.g. {@code simple_bridge}, {@code native_rtp}, {@code holding_bridge}. */
    String technology();

    /** Who created it ("" if unknown). */
    String creator();

    /** Its name ("" if none). */
    String name();

    /** The live channels in the bridge now, in the order they entered. */
    List<Channel> channels();

    /**
     * When the model first saw the bridge: its BridgeCreate, or the sync that found it (so for a bridge that
     * existed before the model connected, the time of that sync, not the real creation).
     */
    Instant createdAt();

    /** Whether the bridge still exists. */
    boolean isAlive();
}
