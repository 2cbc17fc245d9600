package io.switchboard.live;

/**
 * A queue member as last reported (QueueStatus item, or a QueueMember* event).
 *
 * @param name           member name
 * @param iface          the interface called ({@code Location}/{@code Interface}), e.g. {@code PJSIP/alice}
 * @param stateInterface the interface whose device state counts
 * @param membership     {@code static}, {@code dynamic} or {@code realtime}
 * @param penalty        penalty
 * @param callsTaken     calls taken
 * @param lastCall       epoch seconds of the last call, 0 if none
 * @param inCall         whether the member is on a queue call now
 * @param status         device status code (1 not in use, 2 in use, 5 unavailable, 6 ringing...)
 * @param paused         whether paused
 * @param pausedReason   pause reason ("" if none)
 */
public record QueueMember(String name, String iface, String stateInterface, String membership, int penalty,
                          int callsTaken, long lastCall, boolean inCall, int status, boolean paused,
                          String pausedReason) {
}
