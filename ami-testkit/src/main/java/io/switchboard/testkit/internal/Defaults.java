package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;
import io.switchboard.testkit.pbx.CallEngine;
import io.switchboard.testkit.pbx.SimulatedPbx;

import java.util.function.Consumer;
import java.util.function.Function;

/** Defaults a {@code FakeAsterisk.Builder} starts from. */
public final class Defaults {
    /**
     * The call engine every FakeAsterisk gets unless its builder says otherwise: the simulated PBX running the
     * lab dialplan of the golden recordings.
     */
    public static final Function<Consumer<Packet>, CallEngine> CALL_ENGINE = SimulatedPbx::new;

    private Defaults() {
    }
}
