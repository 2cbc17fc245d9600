package io.switchboard.ami.typed;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A bridge block ({@code @bridge} in the docs, {@code manager_bridges.c}): implemented by events with their
 * own block; prefixed blocks ({@code To}, {@code From}, {@code Orig}, {@code Second}) are views. A view over
 * the packet; {@code String} accessors return {@code null} when the header is absent.
 */
public interface BridgeSnapshot {
    /** The packet the block is read from. */
    Packet packet();

    /** The prefix of this block's header names: "" for an event's own block, {@code To}, {@code From} .... */
    default String bridgePrefix() {
        return "";
    }

    /** Whether the block was sent. */
    default boolean hasBridge() {
        return packet().has(key("BridgeUniqueid"));
    }

    /** {@code BridgeUniqueid}. */
    default String bridgeUniqueid() {
        return packet().get(key("BridgeUniqueid"));
    }

    /** {@code BridgeType}: the bridge subclass, e.g. {@code basic}. */
    default String bridgeType() {
        return packet().get(key("BridgeType"));
    }

    /** {@code BridgeTechnology}: {@code simple_bridge}, {@code native_rtp}, {@code softmix}, ... */
    default String bridgeTechnology() {
        return packet().get(key("BridgeTechnology"));
    }

    /** {@code BridgeCreator}, or {@code <unknown>}. */
    default String bridgeCreator() {
        return packet().get(key("BridgeCreator"));
    }

    /** {@code BridgeName}, or {@code <unknown>}. */
    default String bridgeName() {
        return packet().get(key("BridgeName"));
    }

    /**
     * {@code BridgeNumChannels}.
     *
     * @throws MalformedHeaderException if not an integer
     */
    default OptionalInt bridgeNumChannels() {
        return HeaderValues.intValue(packet(), key("BridgeNumChannels"));
    }

    /** {@code BridgeVideoSourceMode}: {@code none}, {@code talker} or {@code single}. */
    default String bridgeVideoSourceMode() {
        return packet().get(key("BridgeVideoSourceMode"));
    }

    /** {@code BridgeVideoSource}: only sent when the mode is not {@code none} and a source is set. */
    default String bridgeVideoSource() {
        return packet().get(key("BridgeVideoSource"));
    }

    private String key(String field) {
        String prefix = bridgePrefix();
        return prefix.isEmpty() ? field : prefix + field;
    }

    /** A view of the block with header prefix {@code prefix} ("" for the event's own block). */
    static BridgeSnapshot of(Packet packet, String prefix) {
        return new BridgeView(Objects.requireNonNull(packet, "packet"), Objects.requireNonNull(prefix, "prefix"));
    }

    /** The given blocks that were sent, in order. */
    static List<BridgeSnapshot> present(BridgeSnapshot... blocks) {
        List<BridgeSnapshot> out = new ArrayList<>(blocks.length);
        for (BridgeSnapshot b : blocks) {
            if (b.hasBridge()) {
                out.add(b);
            }
        }
        return List.copyOf(out);
    }
}
