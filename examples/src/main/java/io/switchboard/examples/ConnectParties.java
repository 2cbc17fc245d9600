package io.switchboard.examples;

import io.switchboard.live.Bridge;
import io.switchboard.live.Channel;
import io.switchboard.live.ChannelSnapshot;
import io.switchboard.live.HangupCause;
import io.switchboard.live.ServerListener;

import java.util.List;
import java.util.concurrent.CompletableFuture;
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

            // B rings after A answered; A's bridge gets its second party when B answers and enters it. That
            // changes B, not A, so listen to every channel of the server; then check once, so a change that
            // happened before the listener was added is not missed.
            CompletableFuture<Bridge> bridged = new CompletableFuture<>();
            CompletableFuture<HangupCause> ended = new CompletableFuture<>();
            pbx.server().addListener(new ServerListener() {
                @Override
                public void changed(Channel channel, ChannelSnapshot from, ChannelSnapshot to) {
                    twoParties(a).ifPresent(bridged::complete);
                }

                @Override
                public void hungUp(Channel channel, HangupCause cause) {
                    if (channel.uniqueid().equals(a.uniqueid())) {
                        ended.complete(cause);
                        bridged.completeExceptionally(new IllegalStateException("A hung up before B answered: "
                                + cause));
                    }
                }
            });
            twoParties(a).ifPresent(bridged::complete);

            Bridge bridge = ExamplePbx.await(bridged);
            System.out.println("bridged in " + bridge.id() + " (" + bridge.type() + "): "
                    + bridge.channels().stream().map(Channel::name).collect(Collectors.joining(" <-> ")));

            a.hangup();                                     // B is hung up by Asterisk when its bridge partner leaves
            System.out.println("A hung up: " + ExamplePbx.await(ended));
        }
    }

    /** A's bridge once both parties are in it. */
    private static java.util.Optional<Bridge> twoParties(Channel a) {
        return a.bridge().filter(b -> b.channels().size() >= 2);
    }
}
