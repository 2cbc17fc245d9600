package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The part of FakeAsterisk that simulates a PBX: channels, calls through the dialplan, variables, queues.
 * The AMI server hands it the actions it names and broadcasts the events it emits.
 *
 * <p>Boundary between the AMI server (sessions, login, permissions, event classes and masks) and the call
 * simulation: the server owns sockets and sessions; the engine owns PBX state.
 */
public interface CallEngine extends AutoCloseable {
    /** Action names this engine answers, in lower case (e.g. "originate", "coreshowchannels"). */
    Set<String> actions();

    /**
     * Answers one action (the request packet, ActionID included) by passing the packets for the requesting
     * session to {@code reply}, in order: the response, then any list items and the completion event (each
     * echoing the ActionID). May block, as a synchronous Originate blocks an Asterisk session. Events caused by
     * the action go to the broadcast sink given at construction, never to {@code reply}.
     */
    void handle(Packet action, Consumer<Packet> reply);

    /**
     * Output of a CLI command the engine knows (e.g. {@code core show channels}, {@code channel originate}),
     * or empty to let the server answer it. The server asks this for the {@code Command} action after its
     * scripted outputs.
     */
    default Optional<List<String>> cliOutput(String command) {
        return Optional.empty();
    }

    /** Stops timers and threads. */
    @Override
    void close();
}
