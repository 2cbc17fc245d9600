package io.switchboard.ami.codec;

/**
 * Bounds on what a {@link PacketDecoder} accepts from a peer, so a broken or hostile server cannot make the
 * client use unbounded memory. Exceeding one is a {@link io.switchboard.ami.ProtocolException}.
 *
 * @param maxLineBytes   longest line, without its terminator
 * @param maxHeaders     most header lines in one packet
 * @param maxPacketBytes most bytes in one packet
 */
public record DecoderLimits(int maxLineBytes, int maxHeaders, int maxPacketBytes) {
    /** Generous defaults: 1 MiB lines, 100,000 headers (long CLI output), 16 MiB packets. */
    public static final DecoderLimits DEFAULT = new DecoderLimits(1 << 20, 100_000, 16 << 20);

    public DecoderLimits {
        if (maxLineBytes < 64 || maxHeaders < 1 || maxPacketBytes < maxLineBytes) {
            throw new IllegalArgumentException("invalid decoder limits: line " + maxLineBytes + ", headers "
                    + maxHeaders + ", packet " + maxPacketBytes + " (need line >= 64, headers >= 1, packet >= line)");
        }
    }
}
