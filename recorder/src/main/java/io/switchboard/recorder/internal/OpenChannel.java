package io.switchboard.recorder.internal;

/**
 * What is durably known about a channel that has not finished yet (row of {@code open_channels}).
 *
 * @param answerMs epoch millis of the answer, or -1 when not answered (yet)
 */
public record OpenChannel(String server, String uniqueid, String linkedid, String channel, String callerNum,
                          String callerName, String exten, String context, String accountCode, long startMs,
                          long answerMs) {

    /** A copy answered at {@code ms}. */
    public OpenChannel answered(long ms) {
        return new OpenChannel(server, uniqueid, linkedid, channel, callerNum, callerName, exten, context,
                accountCode, startMs, ms);
    }

    /** Whether the channel was answered. */
    public boolean isAnswered() {
        return answerMs >= 0;
    }
}
