package io.switchboard.examples;

import io.switchboard.ami.ActionFailedException;
import io.switchboard.live.CallerId;
import io.switchboard.live.Channel;
import io.switchboard.live.ChannelGoneException;
import io.switchboard.live.OriginateException;
import io.switchboard.live.OriginateRequest;

import java.time.Duration;
import java.util.List;

/**
 * Originates a call to each dial string given and prints its outcome: the answered channel, or why it failed
 * (busy, congestion, no answer... from the {@code OriginateResponse} reason, or Asterisk's refusal).
 *
 * <pre>
 * java -cp ... io.switchboard.examples.OriginateCall                      # embedded: an answer, a busy, a refusal
 * SWITCHBOARD_SECRET=... java -cp ... io.switchboard.examples.OriginateCall --host pbx --user admin PJSIP/alice
 * </pre>
 */
public final class OriginateCall {
    private OriginateCall() {
    }

    /** Runs the example; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            // On the embedded PBX: one call that answers, one that is busy, and one to an extension that does not
            // exist (a Local channel to nowhere fails with Reason 0; a dialplan target that does not exist would be
            // refused by Asterisk instead).
            for (String dial : pbx.arguments(List.of("Local/hold@test", "Local/busy@test", "Local/nosuch@test"))) {
                OriginateRequest request = OriginateRequest.to(dial)
                        .application("Wait", "5")                        // what the answered channel runs
                        .callerId(new CallerId("Switchboard", "100"))
                        .timeout(Duration.ofSeconds(pbx.intOption("timeout", 20)))
                        .build();
                try {
                    // The future completes once the call is answered, with the channel already in the model.
                    Channel channel = ExamplePbx.await(pbx.server().originate(request));
                    System.out.println(dial + ": answered as " + channel.name() + " (state " + channel.state()
                            + ", uniqueid " + channel.uniqueid() + ")");
                    try {
                        channel.hangup();
                    } catch (ChannelGoneException alreadyEnded) {
                        // it hung up on its own meanwhile: nothing to do
                    }
                } catch (OriginateException e) {
                    // The call was attempted but not answered: failure() says why.
                    System.out.println(dial + ": failed: " + e.failure() + " (Reason " + e.reasonCode() + ")");
                } catch (ActionFailedException e) {
                    // Asterisk refused the Originate action itself.
                    System.out.println(dial + ": refused: " + e.response().message());
                }
            }
        }
    }
}
