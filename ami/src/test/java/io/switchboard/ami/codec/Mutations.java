package io.switchboard.ami.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Small random edits of a byte array (flip, insert, delete, truncate), positions given as fractions. */
final class Mutations {
    private Mutations() {
    }

    /** What to do at a position. */
    enum Op { REPLACE, INSERT, DELETE, TRUNCATE, DUPLICATE_RANGE }

    /** One edit: {@code where} in [0, 1) of the current length, {@code value} the byte for replace/insert. */
    record Mutation(Op op, double where, byte value) {
    }

    static Arbitrary<Mutation> arbitrary() {
        Arbitrary<Byte> value = Arbitraries.oneOf(Arbitraries.bytes(),
                Arbitraries.of((byte) '\r', (byte) '\n', (byte) ':', (byte) ' '));
        return Combinators.combine(
                Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(4, Op.REPLACE), net.jqwik.api.Tuple.of(3, Op.INSERT),
                        net.jqwik.api.Tuple.of(3, Op.DELETE), net.jqwik.api.Tuple.of(1, Op.TRUNCATE),
                        net.jqwik.api.Tuple.of(1, Op.DUPLICATE_RANGE)),
                Arbitraries.doubles().between(0, 1).ofScale(6), value).as(Mutation::new);
    }

    static byte[] apply(byte[] data, List<Mutation> mutations) {
        byte[] cur = data;
        for (Mutation m : mutations) {
            if (cur.length == 0) {
                return cur;
            }
            int at = Math.min(cur.length - 1, (int) (m.where() * cur.length));
            ByteArrayOutputStream out = new ByteArrayOutputStream(cur.length + 64);
            switch (m.op()) {
                case REPLACE -> {
                    cur = cur.clone();
                    cur[at] = m.value();
                    continue;
                }
                case INSERT -> {
                    out.write(cur, 0, at);
                    out.write(m.value());
                    out.write(cur, at, cur.length - at);
                }
                case DELETE -> {
                    out.write(cur, 0, at);
                    out.write(cur, at + 1, cur.length - at - 1);
                }
                case TRUNCATE -> out.write(cur, 0, at);
                case DUPLICATE_RANGE -> {
                    int len = Math.min(cur.length - at, 1 + (m.value() & 0xff));
                    out.write(cur, 0, at + len);
                    out.write(cur, at, cur.length - at);
                }
                default -> throw new AssertionError(m.op());
            }
            cur = out.toByteArray();
        }
        return cur;
    }
}
