package io.switchboard.ami.codec;

import io.switchboard.ami.Header;
import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/** Test helper: runs a {@link PacketDecoder} over a byte array fed in chunks, collecting what it reports. */
final class Decoding {
    private Decoding() {
    }

    /** Everything one decoder run reported. */
    record Result(List<String> banners, List<Packet> packets) {
        /** The packets as plain header lists, for readable assertion failures. */
        List<List<Header>> headerLists() {
            return packets.stream().map(p -> (List<Header>) List.copyOf(p.headers())).toList();
        }
    }

    /** A decoder wired to lists it fills. */
    static final class Collector implements PacketDecoder.Handler {
        final List<String> banners = new ArrayList<>();
        final List<Packet> packets = new ArrayList<>();

        @Override
        public void onBanner(String banner) {
            banners.add(banner);
        }

        @Override
        public void onPacket(Packet packet) {
            packets.add(packet);
        }

        Result result() {
            return new Result(List.copyOf(banners), List.copyOf(packets));
        }
    }

    /** Decodes {@code data} in one feed, then calls {@code finish()}. */
    static Result decode(byte[] data, boolean expectBanner) {
        return decode(data, expectBanner, DecoderLimits.DEFAULT, n -> n);
    }

    /** Decodes {@code data} fed in pieces; {@code chunk} maps the remaining byte count to the next piece size. */
    static Result decode(byte[] data, boolean expectBanner, DecoderLimits limits, IntUnaryOperator chunk) {
        Collector c = new Collector();
        PacketDecoder d = new PacketDecoder(limits, expectBanner, c).legacyCommandFraming(true);
        int off = 0;
        while (off < data.length) {
            int n = Math.max(1, Math.min(data.length - off, chunk.applyAsInt(data.length - off)));
            d.feed(data, off, n);
            off += n;
        }
        d.finish();
        return c.result();
    }

    /** Decodes {@code data} split at the given ascending offsets. */
    static Result decodeSplitAt(byte[] data, boolean expectBanner, DecoderLimits limits, List<Integer> cuts) {
        Collector c = new Collector();
        PacketDecoder d = new PacketDecoder(limits, expectBanner, c).legacyCommandFraming(true);
        int off = 0;
        for (int cut : cuts) {
            if (cut > off && cut < data.length) {
                d.feed(data, off, cut - off);
                off = cut;
            }
        }
        d.feed(data, off, data.length - off);
        d.finish();
        return c.result();
    }
}
