package io.switchboard.testkit.pbx;

import java.util.concurrent.Future;

/**
 * One outgoing call attempt (Originate, Dial, a queue ringing a member): the dialled channel until it answers
 * or fails, and who wants to know.
 */
final class Outbound {
    /** Told exactly once how the attempt ended. */
    interface Listener {
        /** Just before DialEnd ANSWER: Dial sets DIALSTATUS and friends here. */
        default void answering(Outbound call) {
        }

        void answered(Outbound call);

        /**
         * @param reason the Originate "Reason" code (0 failed, 1 hangup, 3 ring timeout, 5 busy, 8 congestion)
         */
        void failed(Outbound call, int reason, String dialStatus);
    }

    /** The dialled channel: a Local ;1 half or a simulated endpoint channel. */
    final SimChannel chan;
    /** The calling channel (Dial, Queue), or null for an Originate. */
    final SimChannel caller;
    /** DialString of DialBegin. */
    final String dialString;
    final Listener listener;
    Future<?> timer;
    boolean done;

    Outbound(SimChannel chan, SimChannel caller, String dialString, Listener listener) {
        this.chan = chan;
        this.caller = caller;
        this.dialString = dialString;
        this.listener = listener;
    }
}
