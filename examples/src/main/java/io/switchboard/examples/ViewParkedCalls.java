package io.switchboard.examples;

import io.switchboard.live.OriginateRequest;
import io.switchboard.live.ParkedCall;
import io.switchboard.live.ServerListener;

import java.util.concurrent.CompletableFuture;

/**
 * Lists the parked calls: lot, space, the parked channel, who parked it and its timeout.
 *
 * <p>On the embedded PBX it first calls {@code Local/park@test}, whose dialplan parks the call in the default
 * lot, and waits for the {@link ServerListener#parked} notification.
 *
 * <pre>
 * java -cp ... io.switchboard.examples.ViewParkedCalls
 * </pre>
 */
public final class ViewParkedCalls {
    private ViewParkedCalls() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            if (pbx.embedded()) {
                CompletableFuture<ParkedCall> parked = new CompletableFuture<>();
                var registration = pbx.server().addListener(new ServerListener() {
                    @Override
                    public void parked(ParkedCall call) {
                        parked.complete(call);
                    }
                });
                pbx.server().originate(OriginateRequest.to("Local/park@test").application("Wait", "600").build());
                ExamplePbx.await(parked);
                registration.close();
            }
            if (pbx.server().parkedCalls().isEmpty()) {
                System.out.println("no parked calls");
            }
            for (ParkedCall p : pbx.server().parkedCalls()) {
                System.out.println("lot " + p.parkingLot() + " space " + p.space() + ": " + p.channel().name() + " "
                        + p.channel().callerId() + ", parked by " + (p.parkerDialString().isEmpty() ? "?"
                        : p.parkerDialString()) + ", times out in " + p.timeoutSeconds() + " s");
            }
        }
    }
}
