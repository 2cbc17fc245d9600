package io.switchboard.ami.codec;

import io.switchboard.ami.Packet;
import io.switchboard.ami.ProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link PacketDecoder} over real captures: the split of a byte stream into reads never changes
 * what is decoded, and damaged input never produces anything but a {@link ProtocolException}. Seeds are fixed
 * so that the build is reproducible; change {@link #SEED} locally to explore further.
 */
class PacketDecoderProperties {
    static final String SEED = "20261126";
    private static final DecoderLimits SMALL = new DecoderLimits(64, 8, 512);
    /** Limits that packets from {@link TokenSoup#nearLimits} come close to. */
    private static final DecoderLimits NEAR = new DecoderLimits(64, 4, 200);
    private static final Map<String, Decoding.Result> ONE_FEED = new ConcurrentHashMap<>();

    private static Decoding.Result oneFeed(String file) {
        return ONE_FEED.computeIfAbsent(file, f -> Decoding.decode(Transcripts.bytes(f), f.endsWith(".recv")));
    }

    /** Cycles through the given read sizes. */
    static IntUnaryOperator cycling(List<Integer> sizes) {
        int[] i = {0};
        return remaining -> sizes.get(i[0]++ % sizes.size());
    }

    @Provide
    Arbitrary<String> smallTranscript() {
        return Arbitraries.of(Transcripts.smallScenarios())
                .flatMap(s -> Arbitraries.of(s + ".recv", s + ".sent"));
    }

    @Provide
    Arbitrary<List<Integer>> readSizes() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(1, 17)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(18, 5000)));
        return size.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 400, seed = SEED)
    void anySplitOfASmallTranscriptDecodesLikeOneFeed(@ForAll("smallTranscript") String file,
                                                      @ForAll("readSizes") List<Integer> sizes) {
        Decoding.Result chunked = Decoding.decode(Transcripts.bytes(file), file.endsWith(".recv"),
                DecoderLimits.DEFAULT, cycling(sizes));
        assertThat(chunked).isEqualTo(oneFeed(file));
    }

    @Property(tries = 3, seed = SEED)
    void anySplitOfTheEventStormDecodesLikeOneFeed(@ForAll @Size(min = 1, max = 8)
                                                   List<@IntRange(min = 1, max = 70_000) Integer> sizes) {
        String file = Transcripts.STORM + ".recv";
        Decoding.Result chunked = Decoding.decode(Transcripts.bytes(file), true, DecoderLimits.DEFAULT,
                cycling(sizes));
        assertThat(chunked.packets()).hasSize(16_362);
        assertThat(chunked).isEqualTo(oneFeed(file));
    }

    @Property(tries = 1000, seed = SEED)
    void randomBytesOnlyEverFailWithProtocolException(@ForAll("garbage") byte[] bytes,
                                                      @ForAll("readSizes") List<Integer> sizes,
                                                      @ForAll boolean expectBanner) {
        decodeExpectingAtMostProtocolException(bytes, expectBanner, SMALL, sizes);
    }

    @Property(tries = 500, seed = SEED)
    void mutatedTranscriptsOnlyEverFailWithProtocolException(@ForAll("smallTranscript") String file,
                                                             @ForAll("mutations") List<Mutations.Mutation> mutations,
                                                             @ForAll("readSizes") List<Integer> sizes) {
        byte[] bytes = Mutations.apply(Transcripts.bytes(file), mutations);
        decodeExpectingAtMostProtocolException(bytes, file.endsWith(".recv"), SMALL, sizes);
        decodeExpectingAtMostProtocolException(bytes, file.endsWith(".recv"), DecoderLimits.DEFAULT, sizes);
    }

    @Property(tries = 1000, seed = SEED)
    void tokenSoupOnlyEverFailsWithProtocolException(@ForAll("modernSoup") byte[] bytes,
                                                     @ForAll("readSizes") List<Integer> sizes) {
        decodeExpectingAtMostProtocolException(bytes, true, SMALL, sizes);
    }

    @Property(tries = 2000, seed = SEED)
    void tokenSoupWithLegacyFramingOnlyEverFailsWithProtocolException(@ForAll("legacySoup") byte[] bytes,
                                                                      @ForAll("readSizes") List<Integer> sizes) {
        decodeExpectingAtMostProtocolException(bytes, true, SMALL, sizes);
    }

    @Property(tries = 1000, seed = SEED)
    void outcomeUnderSmallLimitsDoesNotDependOnTheSplit(@ForAll("nearLimits") byte[] bytes,
                                                        @ForAll("readSizes") List<Integer> sizes) {
        assertThat(Outcome.of(bytes, NEAR, cycling(sizes))).isEqualTo(Outcome.of(bytes, NEAR, n -> n));
    }

    @Property(tries = 1000, seed = SEED)
    void outcomeUnderDefaultLimitsDoesNotDependOnTheSplit(@ForAll("modernSoup") byte[] bytes,
                                                          @ForAll("readSizes") List<Integer> sizes) {
        assertThat(Outcome.of(bytes, DecoderLimits.DEFAULT, cycling(sizes)))
                .isEqualTo(Outcome.of(bytes, DecoderLimits.DEFAULT, n -> n));
    }

    @Provide
    Arbitrary<byte[]> nearLimits() {
        return TokenSoup.nearLimits(NEAR);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> framing = Arbitraries.of((byte) '\r', (byte) '\n', (byte) ':', (byte) ' ', (byte) 'a',
                (byte) '\t', (byte) 0, (byte) 0xC3);
        return Arbitraries.oneOf(any, framing).list().ofMaxSize(2000)
                .map(PacketDecoderProperties::toArray);
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.arbitrary().list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<byte[]> modernSoup() {
        return TokenSoup.arbitrary(false);
    }

    @Provide
    Arbitrary<byte[]> legacySoup() {
        return TokenSoup.arbitrary(true);
    }

    private static void decodeExpectingAtMostProtocolException(byte[] bytes, boolean expectBanner,
                                                               DecoderLimits limits, List<Integer> sizes) {
        try {
            Decoding.Result r = Decoding.decode(bytes, expectBanner, limits, cycling(sizes));
            assertThat(r.banners()).hasSizeLessThanOrEqualTo(1);
            for (Packet p : r.packets()) {
                assertThat(p.size()).isBetween(1, limits.maxHeaders());
                p.toWire();
                p.toString();
            }
        } catch (ProtocolException expected) {
            // the only failure the decoder may report
        }
    }

    /** What a decoder run ends with: the packets delivered and whether it failed. */
    record Outcome(List<Packet> packets, boolean failed) {
        static Outcome of(byte[] bytes, DecoderLimits limits, IntUnaryOperator chunk) {
            Decoding.Collector c = new Decoding.Collector();
            PacketDecoder d = new PacketDecoder(limits, true, c).legacyCommandFraming(true);
            try {
                int off = 0;
                while (off < bytes.length) {
                    int n = Math.max(1, Math.min(bytes.length - off, chunk.applyAsInt(bytes.length - off)));
                    d.feed(bytes, off, n);
                    off += n;
                }
                d.finish();
                return new Outcome(List.copyOf(c.packets), false);
            } catch (ProtocolException e) {
                return new Outcome(List.copyOf(c.packets), true);
            }
        }
    }

    static byte[] toArray(List<Byte> list) {
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
