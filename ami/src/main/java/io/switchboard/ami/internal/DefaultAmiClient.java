package io.switchboard.ami.internal;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;

/** Placeholder; replaced by the real implementation. */
public final class DefaultAmiClient {
    private DefaultAmiClient() {
    }

    public static AmiClient open(AmiConfig config) {
        throw new UnsupportedOperationException("not yet");
    }
}
