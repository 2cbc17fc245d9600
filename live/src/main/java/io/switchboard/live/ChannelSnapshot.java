package io.switchboard.live;

import java.time.Instant;
import java.util.Objects;

/**
 * What the model knew about a channel at one moment: an immutable value, replaced as a whole whenever an event
 * changes the channel, so the fields of one snapshot are always consistent with each other.
 *
 * @param name            channel name, e.g. {@code PJSIP/alice-00000012}
 * @param uniqueid        Uniqueid (the {@code ChannelId} of an originate, if one was given)
 * @param linkedid        Linkedid: the Uniqueid of the oldest channel of the call
 * @param state           channel state
 * @param callerId        caller ID
 * @param connectedLine   connected line
 * @param language        language
 * @param accountCode     account code ("" if none)
 * @param context         dialplan context
 * @param extension       dialplan extension
 * @param priority        dialplan priority
 * @param application     the application running now ("" if unknown)
 * @param applicationData its arguments
 * @param bridgeId        the bridge the channel is in, "" if none
 * @param createdAt       when the channel was created (from CoreShowChannels' Duration, or when the model first
 *                        saw its Newchannel)
 */
public record ChannelSnapshot(String name, String uniqueid, String linkedid, ChannelState state, CallerId callerId,
                              CallerId connectedLine, String language, String accountCode, String context,
                              String extension, int priority, String application, String applicationData,
                              String bridgeId, Instant createdAt) {
    public ChannelSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uniqueid, "uniqueid");
        linkedid = linkedid == null ? "" : linkedid;
        state = state == null ? ChannelState.UNKNOWN : state;
        callerId = callerId == null ? CallerId.NONE : callerId;
        connectedLine = connectedLine == null ? CallerId.NONE : connectedLine;
        language = language == null ? "" : language;
        accountCode = accountCode == null ? "" : accountCode;
        context = context == null ? "" : context;
        extension = extension == null ? "" : extension;
        application = application == null ? "" : application;
        applicationData = applicationData == null ? "" : applicationData;
        bridgeId = bridgeId == null ? "" : bridgeId;
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A copy in another bridge ("" for none). */
    public ChannelSnapshot withBridgeId(String id) {
        return new ChannelSnapshot(name, uniqueid, linkedid, state, callerId, connectedLine, language, accountCode,
                context, extension, priority, application, applicationData, id, createdAt);
    }

    /** A copy running another application. */
    public ChannelSnapshot withApplication(String app, String data) {
        return new ChannelSnapshot(name, uniqueid, linkedid, state, callerId, connectedLine, language, accountCode,
                context, extension, priority, app, data, bridgeId, createdAt);
    }

    /**
     * Whether the two snapshots describe the same visible state, ignoring {@code createdAt} (which is only
     * known to the second from a resync) and the application (which list and events report differently).
     */
    public boolean sameStateAs(ChannelSnapshot o) {
        return o != null && name.equals(o.name) && uniqueid.equals(o.uniqueid) && linkedid.equals(o.linkedid)
                && state == o.state && callerId.equals(o.callerId) && connectedLine.equals(o.connectedLine)
                && accountCode.equals(o.accountCode) && context.equals(o.context) && extension.equals(o.extension)
                && priority == o.priority && bridgeId.equals(o.bridgeId);
    }
}
