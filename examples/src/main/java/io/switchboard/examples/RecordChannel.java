package io.switchboard.examples;

import io.switchboard.live.Channel;
import io.switchboard.live.ChannelListener;
import io.switchboard.live.HangupCause;
import io.switchboard.live.OriginateRequest;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records a channel with MixMonitor for a few seconds ({@code Channel.startRecording} / {@code stopRecording}).
 * With {@code --channel NAME} it records a channel that exists; otherwise it originates one ({@code --to DIAL},
 * default {@code Local/hold@test}) and hangs it up afterwards.
 *
 * <pre>
 * java -cp ... io.switchboard.examples.RecordChannel --seconds 2
 * SWITCHBOARD_SECRET=... java -cp ... io.switchboard.examples.RecordChannel --host pbx --user admin --channel PJSIP/alice-00000001
 * </pre>
 */
public final class RecordChannel {
    private RecordChannel() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            String name = pbx.option("channel", null);
            Channel channel = name != null
                    ? pbx.server().channel(name).orElseThrow(() -> new IllegalArgumentException("no channel " + name))
                    : ExamplePbx.await(pbx.server().originate(OriginateRequest.to(pbx.option("to", "Local/hold@test"))
                            .application("Wait", "600").build()));

            CountDownLatch hungUp = new CountDownLatch(1);
            channel.addListener(new ChannelListener() {
                @Override
                public void hungUp(Channel c, HangupCause cause) {
                    hungUp.countDown();
                }
            });

            String file = pbx.option("file", "switchboard-" + channel.uniqueid() + ".wav");
            channel.startRecording(file, null);             // the extension picks the format; relative to the spool
            System.out.println("recording " + channel.name() + " to " + file + ": " + channel.isRecording());

            // Record for --seconds, or until the channel ends by itself.
            boolean ended = hungUp.await(pbx.intOption("seconds", 1), TimeUnit.SECONDS);
            if (ended) {
                System.out.println("channel ended while recording: " + channel.hangupCause().orElseThrow());
                return;
            }
            channel.stopRecording();
            System.out.println("stopped: recording " + channel.isRecording());
            if (name == null) {
                channel.hangup();                            // we made this call, so we end it
            }
        }
    }
}
