package io.switchboard.recorder;

/**
 * A snapshot of a {@link CdrRecorder}'s counters.
 *
 * @param spooled          ops (records and open-channel changes) written to the spool since start
 * @param committed        records inserted into the database since start
 * @param duplicates       records the database already had (replays, restarts): not inserted again
 * @param pending          ops spooled but not yet committed
 * @param spoolBytes       bytes held in the spool now
 * @param spoolFullWaits   times ingestion waited because the spool was full
 * @param dbErrors         failed database batches (each retried)
 * @param dbAvailable      whether the last database write succeeded
 * @param reconciled       records written as {@link CdrRecord.Origin#RECONCILED}
 * @param malformedEvents  events that could not be fully read (logged)
 * @param openChannels     channels known to be open on all servers
 */
public record RecorderStats(long spooled, long committed, long duplicates, long pending, long spoolBytes,
                            long spoolFullWaits, long dbErrors, boolean dbAvailable, long reconciled,
                            long malformedEvents, int openChannels) {
}
