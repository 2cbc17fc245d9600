package io.switchboard.recorder.internal;

import io.switchboard.recorder.CdrRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The spool's framing, recovery from torn and corrupt tails, segment deletion and its bound. */
class SpoolTest {
    @TempDir
    Path dir;

    private static Op record(int i) {
        return new Op.Record(CdrRecord.builder().server("pbx").uniqueid("u." + i).callerId("\"Ünï\" <" + i + ">")
                .start(Instant.ofEpochMilli(1000L * i)).answer(i % 2 == 0 ? null : Instant.ofEpochMilli(1000L * i))
                .end(Instant.ofEpochMilli(1000L * i + 5000)).duration(5).billableSeconds(i % 2 == 0 ? 0 : 5)
                .disposition("ANSWERED").origin(CdrRecord.Origin.RECONCILED).build());
    }

    @Test
    void everyKindOfOpSurvivesARestartInOrder() throws Exception {
        List<Op> ops = List.of(record(1), record(2),
                new Op.Open(new OpenChannel("pbx", "u.3", "u.3", "SIP/a-1", "6001", "A", "100", "ctx", "acc", 5, -1)),
                new Op.Answer("pbx", "u.3", 7), new Op.Close("pbx", "u.3"), new Op.CdrServer("pbx"));
        try (Spool s = new Spool(dir, 1 << 20, 1 << 16)) {
            assertThat(s.recover()).isEmpty();
            for (Op op : ops) {
                s.append(op);
            }
            s.sync();
        }
        try (Spool s = new Spool(dir, 1 << 20, 1 << 16)) {
            assertThat(s.recover()).extracting(Spool.Recovered::op).containsExactlyElementsOf(ops);
        }
    }

    @Test
    void aTornOrCorruptTailIsIgnoredAndTheRestKept() throws Exception {
        try (Spool s = new Spool(dir, 1 << 20, 1 << 16)) {
            s.recover();
            for (int i = 0; i < 3; i++) {
                s.append(record(i));
            }
        }
        Path seg = segments().get(0);
        // The process died in the middle of writing a fourth frame.
        Files.write(seg, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        try (Spool s = new Spool(dir, 1 << 20, 1 << 16)) {
            assertThat(s.recover()).extracting(Spool.Recovered::op).containsExactly(record(0), record(1), record(2));
        }
        // A flipped byte inside the last frame: its CRC no longer matches, so it and what follows are dropped.
        byte[] data = Files.readAllBytes(seg);
        data[data.length - 12] ^= 0x55;
        Files.write(seg, data);
        try (Spool s = new Spool(dir, 1 << 20, 1 << 16)) {
            assertThat(s.recover()).extracting(Spool.Recovered::op).containsExactly(record(0), record(1));
        }
    }

    @Test
    void anOpOfSeveralMebibytesIsReplayedWithTheOpsAfterIt() throws Exception {
        Op big = new Op.Record(CdrRecord.builder().server("pbx").uniqueid("big").userField("u".repeat(3 << 20))
                .start(Instant.EPOCH).end(Instant.EPOCH).origin(CdrRecord.Origin.CDR_EVENT).build());
        try (Spool s = new Spool(dir, 64 << 20, 1 << 16)) {
            s.recover();
            s.append(record(1));
            s.append(big);
            s.append(record(2));
        }
        try (Spool s = new Spool(dir, 64 << 20, 1 << 16)) {
            assertThat(s.recover()).extracting(Spool.Recovered::op).containsExactly(record(1), big, record(2));
        }
    }

    @Test
    void aCorruptFrameInTheMiddleKeepsACopyOfTheSegmentWhileATornTailDoesNot() throws Exception {
        try (Spool s = new Spool(dir, 1 << 20, 1 << 16)) {
            s.recover();
            for (int i = 0; i < 3; i++) {
                s.append(record(i));
            }
        }
        Path seg = segments().get(0);
        Files.write(seg, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND); // torn: no copy
        try (Spool s = new Spool(dir, 1 << 20, 1 << 16)) {
            assertThat(s.recover()).hasSize(3);
        }
        assertThat(Files.exists(corrupt(seg))).isFalse();

        byte[] original = Files.readAllBytes(seg);
        byte[] data = original.clone();
        data[12] ^= 0x55; // inside the first frame's payload: the two after it cannot be reached
        Files.write(seg, data);
        long last;
        try (Spool s = new Spool(dir, 1 << 20, 1 << 16)) {
            List<Spool.Recovered> back = s.recover();
            assertThat(back).isEmpty();
            assertThat(corrupt(seg)).hasBinaryContent(data);
            last = s.append(record(9));
            s.committed(last); // everything replayable is in the database: the segment goes, the copy stays
        }
        assertThat(Files.exists(seg)).isFalse();
        assertThat(corrupt(seg)).hasBinaryContent(data);
        try (Spool s = new Spool(dir, 1 << 20, 1 << 16)) {
            assertThat(s.recover()).as("the copy is not replayed").isEmpty();
        }
    }

    private static Path corrupt(Path seg) {
        return seg.resolveSibling(seg.getFileName() + ".corrupt");
    }

    @Test
    void committedSegmentsAreDeleted() throws Exception {
        try (Spool s = new Spool(dir, 1 << 20, 1024)) {
            s.recover();
            long last = 0;
            for (int i = 0; i < 40; i++) {
                last = s.append(record(i));
            }
            assertThat(segments()).hasSizeGreaterThan(2);
            s.committed(last - 1);
            assertThat(segments()).hasSize(1);
            s.committed(last);
            assertThat(segments()).isEmpty();
            assertThat(s.pendingBytes()).isZero();
            s.append(record(99)); // a fresh segment after everything was released
            assertThat(segments()).hasSize(1);
        }
    }

    @Test
    void aFullSpoolBlocksTheAppenderUntilSomethingIsCommitted() throws Exception {
        try (Spool s = new Spool(dir, 4096, 1024)) {
            s.recover();
            long seq = 0;
            while (s.pendingBytes() + 400 < 4096) {
                seq = s.append(record((int) seq));
            }
            long committedUpTo = seq;
            CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    long n = 0;
                    for (int i = 0; i < 20; i++) {
                        n = s.append(record(1000 + i));
                    }
                    return n;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().until(() -> s.fullWaits() > 0);
            assertThat(blocked).isNotDone();
            assertThat(s.append(record(2000), 10)).as("a bounded append gives up").isEqualTo(-1);
            s.committed(committedUpTo);
            assertThat(blocked.get(30, java.util.concurrent.TimeUnit.SECONDS)).isGreaterThan(committedUpTo);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("spool-\\d+\\.log")).sorted().toList();
        }
    }
}
