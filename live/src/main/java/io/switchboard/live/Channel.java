package io.switchboard.live;

import java.time.Instant;
import java.util.Optional;

/**
 * A live channel of the server: one object per Uniqueid for the channel's whole life, kept current by events.
 * The getters read the latest {@link #snapshot()}; read the snapshot once when several fields must agree.
 *
 * <p><b>Operations</b> send one AMI action and wait for its answer (up to the client's action timeout). They
 * throw {@link ChannelGoneException} once the channel has ended, without sending anything, or when Asterisk
 * says the channel does not exist (it ended a moment ago); {@link io.switchboard.ami.ActionFailedException}
 * for other refusals; {@link io.switchboard.ami.ConnectionLostException} if the connection broke meanwhile.
 * Thread-safe.
 */
public interface Channel {
    /** The latest snapshot. */
    ChannelSnapshot snapshot();

    /**
     * Channel name, e.g. {@code PJSIP/alice-00000012}. Changes only when Asterisk renames the channel (a
     * {@code Rename} event, e.g. {@code <ZOMBIE>} in a masquerade), which gives a new snapshot; the Uniqueid stays.
     */
    default String name() {
        return snapshot().name();
    }

    /** Uniqueid; stable for the channel's life. */
    default String uniqueid() {
        return snapshot().uniqueid();
    }

    /** Linkedid: the Uniqueid of the call's oldest channel. */
    default String linkedid() {
        return snapshot().linkedid();
    }

    /** Channel state. */
    default ChannelState state() {
        return snapshot().state();
    }

    /** Caller ID. */
    default CallerId callerId() {
        return snapshot().callerId();
    }

    /** Connected line. */
    default CallerId connectedLine() {
        return snapshot().connectedLine();
    }

    /** Dialplan context. */
    default String context() {
        return snapshot().context();
    }

    /** Dialplan extension. */
    default String extension() {
        return snapshot().extension();
    }

    /** Dialplan priority. */
    default int priority() {
        return snapshot().priority();
    }

    /**
     * The application running now, as last reported by a {@code Newexten} event or a resync ("" if unknown).
     * Asterisk sends no event for an application that an Originate starts, so that one shows only after a resync.
     */
    default String application() {
        return snapshot().application();
    }

    /** Account code. */
    default String accountCode() {
        return snapshot().accountCode();
    }

    /** When the channel was created. */
    default Instant createdAt() {
        return snapshot().createdAt();
    }

    /** The bridge the channel is in, if any. */
    Optional<Bridge> bridge();

    /** Whether the channel still exists (no Hangup seen, not found gone by a resync). */
    boolean isAlive();

    /** Why the channel ended; empty while it is alive. */
    Optional<HangupCause> hangupCause();

    /** Whether a MixMonitor started through this model or seen by event is recording the channel. */
    boolean isRecording();

    /** Hangs up with cause 16 (normal clearing). */
    void hangup();

    /** Hangs up with a Q.850 cause (e.g. 17 user busy, 21 call rejected). */
    void hangup(int cause);

    /** Reads a channel variable or dialplan function ({@code Getvar}); "" if unset. */
    String variable(String name);

    /** Sets a channel variable or writes a dialplan function ({@code Setvar}). */
    void setVariable(String name, String value);

    /** Sends the channel elsewhere in the dialplan ({@code Redirect}), taking it out of its bridge. */
    void redirect(String context, String extension, int priority);

    /**
     * Starts recording the channel ({@code MixMonitor}). {@code file} is relative to Asterisk's monitor spool
     * directory unless absolute; its extension picks the format. {@code options} are MixMonitor's options
     * ({@code b}, {@code v(x)}, ...) or null.
     */
    void startRecording(String file, String options);

    /** Stops the recording started on this channel ({@code StopMixMonitor}). */
    void stopRecording();

    /**
     * Parks the channel in the default parking lot ({@code Park}) and returns the parked call once Asterisk
     * announced its space.
     */
    ParkedCall park();

    /**
     * Parks the channel in {@code parkingLot} (null for the default) with a timeout (null for the lot's), and
     * returns the parked call once Asterisk announced its space.
     */
    ParkedCall park(String parkingLot, java.time.Duration timeout);

    /** Plays DTMF digits ({@code 0-9*#A-D}) to the channel, one {@code PlayDTMF} per digit, in order. */
    void sendDtmf(String digits);

    /** Adds a listener for this channel's changes and its hangup. */
    Registration addListener(ChannelListener listener);
}
