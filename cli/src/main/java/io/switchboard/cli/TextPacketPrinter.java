package io.switchboard.cli;

import io.switchboard.ami.Packet;

import java.io.PrintWriter;

/**
 * The readable form: the banner on its own, then each packet as {@code Key: Value} lines followed by a blank
 * line, i.e. the AMI wire form with LF line ends. A header without a key (a line that had no colon) is printed
 * as its bare value, as it was on the wire.
 */
final class TextPacketPrinter implements PacketPrinter {
    private final PrintWriter out;

    TextPacketPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onBanner(String banner) {
        out.write(banner);
        out.write("\n\n");
    }

    @Override
    public void onPacket(Packet packet) {
        for (int i = 0; i < packet.size(); i++) {
            String key = packet.key(i);
            if (!key.isEmpty()) {
                out.write(key);
                out.write(": ");
            }
            out.write(packet.value(i));
            out.write('\n');
        }
        out.write('\n');
    }

    @Override
    public void flush() {
        out.flush();
    }
}
