package io.switchboard.examples;

import io.switchboard.live.Bridge;
import io.switchboard.live.Channel;
import io.switchboard.live.ChannelListener;
import io.switchboard.live.HangupCause;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Connects two parties ({@code AsteriskServer.connect(A, B)}): A is called first, and once A answers B is
 * dialled and both end up in one bridge. Prints the bridge and its channels, then hangs up.
 *
 * <pre>
 * java -cp ... io.switchboard.examples.ConnectParties                     # embedded: PJSIP/alice and PJSIP/bob
 * SWITCHBOARD_SECRET=... java -cp ... io.switchboard.examples.ConnectParties --host pbx --user admin PJSIP/100 PJSIP/200
 * </pre>
 */
public final class ConnectParties {
    private ConnectParties() {
    }

    /** Runs the example; the two positional arguments are the dial strings of A and B. */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            List<String> parties = pbx.arguments(List.of("PJSIP/alice", "PJSIP/bob"));
            if (parties.size() != 2) {
                throw new IllegalArgumentException("give two dial strings, A and B");
            }
            Channel a = ExamplePbx.await(pbx.server().connect(parties.get(0), parties.get(1)));
            System.out.println("A answered: " + a.name());

            // B rings after A answered, then enters A's bridge when it answers. Watch A's hangup, and check the
            // model until A's bridge holds both parties (the model is updated from events as they come).
            CompletableFuture<HangupCause> ended = new CompletableFuture<>();
            a.addListener(new ChannelListener() {
                @Override
                public void hungUp(Channel channel, HangupCause cause) {
                    ended.complete(cause);
                }
            });
            long deadline = System.nanoTime() + ExamplePbx.PATIENCE.toNanos();
            Optional<Bridge> bridged;
            while ((bridged = twoParties(a)).isEmpty()) {
                if (ended.isDone() || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("A and B were not bridged: " + (ended.isDone()
                            ? "A hung up (" + ended.join() + ")" : "no bridge within " + ExamplePbx.PATIENCE));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            Bridge bridge = bridged.get();
            System.out.println("bridged in " + bridge.id() + " (" + bridge.type() + "): "
                    + bridge.channels().stream().map(Channel::name).collect(Collectors.joining(" <-> ")));

            a.hangup();                                     // B is hung up by Asterisk when its bridge partner leaves
            System.out.println("A hung up: " + ExamplePbx.await(ended));
        }
    }

    /** A's bridge once both parties are in it. */
    private static Optional<Bridge> twoParties(Channel a) {
        return a.bridge().filter(b -> b.channels().size() >= 2);
    }
}
