package io.switchboard.recorder;

/**
 * Told about every call record once it is durable in the database, for forwarding records elsewhere (a Kafka
 * topic, a billing queue) without polling the database. Register with
 * {@link CdrRecorder.Builder#onCommitted(CdrListener)} or {@link CdrRecorder#addCommitListener(CdrListener)}.
 *
 * <p>Called on the recorder's single writer thread, in commit order, after the transaction holding the record
 * committed: keep it short (hand the record to a queue). An exception is logged and otherwise ignored; it never
 * stops the writer. A record replayed from the spool after a crash, or written by another gateway first, is
 * reported with {@code inserted == false}, so a listener sees every record at least once across restarts.
 */
@FunctionalInterface
public interface CdrListener {
    /**
     * @param record   the record as the recorder wrote it (or tried to), with the {@link CdrRecord#leg() leg} it is
     *                 stored as (for a duplicate, the leg of the row it duplicates)
     * @param inserted true if this call inserted the row, false if the row was already there (a duplicate: the
     *                 same Cdr of that channel, or for a channel recorded from its lifecycle or reconciled any
     *                 record of it, was committed before, by this or another recorder)
     */
    void committed(CdrRecord record, boolean inserted);
}
