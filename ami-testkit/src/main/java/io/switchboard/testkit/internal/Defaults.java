package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;
import io.switchboard.testkit.pbx.CallEngine;

import java.util.function.Consumer;
import java.util.function.Function;

/** Defaults a {@code FakeAsterisk.Builder} starts from. */
public final class Defaults {
    /**
     * The call engine every FakeAsterisk gets unless its builder says otherwise: none, so only the AMI-level
     * actions are answered. This is the single place to plug in the PBX simulation as the default.
     */
    public static final Function<Consumer<Packet>, CallEngine> CALL_ENGINE = null;

    private Defaults() {
    }
}
