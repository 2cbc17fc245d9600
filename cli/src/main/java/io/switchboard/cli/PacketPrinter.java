package io.switchboard.cli;

import io.switchboard.ami.codec.PacketDecoder;

/** Where {@code decode} sends what the decoder finds: printed at once, so output streams with the input. */
interface PacketPrinter extends PacketDecoder.Handler {
    /** Pushes buffered output to the underlying writer (not necessarily to the terminal). */
    void flush();
}
