package io.switchboard.live;

import java.time.Instant;
import java.util.List;

/**
 * What a resync found different from the model, typically after the connection to Asterisk was lost and
 * restored: channels that appeared, ended or changed while events were not arriving.
 *
 * @param gapStart when the connection was lost (null for an explicit {@link AsteriskServer#resync()})
 * @param syncedAt when the model matched the server again
 * @param appeared channels the model did not know (now alive in the model)
 * @param ended    channels the model had that no longer exist (now gone, with
 *                 {@link HangupCause#ENDED_WHILE_DISCONNECTED} unless their Hangup was seen meanwhile)
 * @param changed  channels whose state, caller ID, dialplan location or bridge differed
 */
public record ResyncReport(Instant gapStart, Instant syncedAt, List<Channel> appeared, List<Channel> ended,
                           List<Channel> changed) {
    public ResyncReport {
        appeared = List.copyOf(appeared);
        ended = List.copyOf(ended);
        changed = List.copyOf(changed);
    }

    /** Whether the model was already right. */
    public boolean isEmpty() {
        return appeared.isEmpty() && ended.isEmpty() && changed.isEmpty();
    }
}
