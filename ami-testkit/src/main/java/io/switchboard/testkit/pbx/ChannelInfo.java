package io.switchboard.testkit.pbx;

import java.util.Map;

/**
 * A snapshot of one simulated channel, for tests and demos.
 *
 * @param name            channel name, e.g. {@code Local/hold@test-00000000;1}
 * @param uniqueid        its Uniqueid (or the ChannelId given to Originate)
 * @param linkedid        the Linkedid of the call it belongs to
 * @param state           ChannelStateDesc, e.g. {@code Up}
 * @param callerIdNum     caller ID number, empty if none
 * @param callerIdName    caller ID name, empty if none
 * @param context         dialplan context
 * @param exten           dialplan extension
 * @param priority        dialplan priority
 * @param application     the application running now, empty if none
 * @param data            its arguments
 * @param bridgeId        the bridge it is in, empty if none
 * @param variables       channel variables (names as set, inheritance underscores included)
 * @param durationSeconds simulated seconds since the channel was created
 */
public record ChannelInfo(String name, String uniqueid, String linkedid, String state, String callerIdNum,
                          String callerIdName, String context, String exten, int priority, String application,
                          String data, String bridgeId, Map<String, String> variables, long durationSeconds) {
    /** Copies the variables so the snapshot cannot change. */
    public ChannelInfo {
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    }
}
