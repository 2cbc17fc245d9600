package io.switchboard.ami.typed;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A channel block ({@code @channel} in the docs, {@code ast_manager_build_channel_state_string_prefix} in
 * Asterisk): the same 14 headers (plus {@code Tenantid} and {@code ChanVariable} lines) in every
 * channel-bearing event, optionally with a prefix ({@code DestChannel}, {@code ParkeeUniqueid}, ...). An event
 * with its own block implements this interface; prefixed blocks are views ({@code dialBegin.dest()}), so code
 * can treat every channel-bearing event alike ({@link TypedEvent#channels()}).
 *
 * <p>A view over the packet; nothing is copied. {@code String} accessors return {@code null} when the header
 * is absent; Asterisk writes {@code <unknown>} for an empty caller ID, which is returned as it is.
 */
public interface ChannelSnapshot {
    /** The packet the block is read from. */
    Packet packet();

    /** The prefix of this block's header names: "" for an event's own block, {@code Dest}, {@code Parkee} .... */
    default String channelPrefix() {
        return "";
    }

    /** Whether the block was sent (DialBegin has no caller block when an Originate dials; Parker* never comes). */
    default boolean hasChannel() {
        return packet().has(key("Channel"));
    }

    /** {@code Channel}: the channel name. */
    default String channel() {
        return packet().get(key("Channel"));
    }

    /**
     * {@code ChannelState}: 0 Down, 1 Rsrvd, 2 OffHook, 3 Dialing, 4 Ring, 5 Ringing, 6 Up, 7 Busy,
     * 8 Dialing Offhook, 9 Pre-ring, 65536 Mute.
     *
     * @throws MalformedHeaderException if not an integer
     */
    default OptionalInt channelState() {
        return HeaderValues.intValue(packet(), key("ChannelState"));
    }

    /** {@code ChannelStateDesc}: {@code Up}, {@code Ringing}, ... */
    default String channelStateDesc() {
        return packet().get(key("ChannelStateDesc"));
    }

    /** {@code CallerIDNum} (not escaped by Asterisk). */
    default String callerIdNum() {
        return packet().get(key("CallerIDNum"));
    }

    /** {@code CallerIDName} with Asterisk's C escapes undone ({@code O\'Brien} becomes {@code O'Brien}). */
    default String callerIdName() {
        return HeaderValues.unescaped(packet(), key("CallerIDName"));
    }

    /** {@code ConnectedLineNum}. */
    default String connectedLineNum() {
        return packet().get(key("ConnectedLineNum"));
    }

    /** {@code ConnectedLineName}, unescaped. */
    default String connectedLineName() {
        return HeaderValues.unescaped(packet(), key("ConnectedLineName"));
    }

    /** {@code Language}. */
    default String language() {
        return packet().get(key("Language"));
    }

    /** {@code AccountCode}. */
    default String accountCode() {
        return packet().get(key("AccountCode"));
    }

    /** {@code Context}. */
    default String context() {
        return packet().get(key("Context"));
    }

    /** {@code Exten}. */
    default String exten() {
        return packet().get(key("Exten"));
    }

    /**
     * {@code Priority}.
     *
     * @throws MalformedHeaderException if not an integer
     */
    default OptionalInt priority() {
        return HeaderValues.intValue(packet(), key("Priority"));
    }

    /** {@code Uniqueid}: the channel's id; key state on this, not on the name. */
    default String uniqueid() {
        return packet().get(key("Uniqueid"));
    }

    /** {@code Linkedid}: the id shared by the channels of one call. */
    default String linkedid() {
        return packet().get(key("Linkedid"));
    }

    /** {@code Tenantid}: sent only when the channel has one (not in the docs). */
    default String tenantid() {
        return packet().get(key("Tenantid"));
    }

    /** The {@code ChanVariable: name=value} lines (manager.conf {@code channelvars}), values unescaped. */
    default Map<String, String> chanVariables() {
        return HeaderValues.chanVariables(packet(), key("ChanVariable"));
    }

    private String key(String field) {
        String prefix = channelPrefix();
        return prefix.isEmpty() ? field : prefix + field;
    }

    /** A view of the block with header prefix {@code prefix} ("" for the event's own block). */
    static ChannelSnapshot of(Packet packet, String prefix) {
        return new ChannelView(Objects.requireNonNull(packet, "packet"), Objects.requireNonNull(prefix, "prefix"));
    }

    /** The given blocks that were sent, in order. */
    static List<ChannelSnapshot> present(ChannelSnapshot... blocks) {
        List<ChannelSnapshot> out = new ArrayList<>(blocks.length);
        for (ChannelSnapshot b : blocks) {
            if (b.hasChannel()) {
                out.add(b);
            }
        }
        return List.copyOf(out);
    }
}
