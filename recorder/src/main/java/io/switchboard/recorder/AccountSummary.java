package io.switchboard.recorder;

/**
 * Totals of one account code over a period (the billing view).
 *
 * @param accountCode      the account ("" for calls without one)
 * @param calls            number of records
 * @param durationSeconds  sum of durations
 * @param billableSeconds  sum of billable seconds
 */
public record AccountSummary(String accountCode, long calls, long durationSeconds, long billableSeconds) {
    /** Total minutes (duration), fractional. */
    public double minutes() {
        return durationSeconds / 60.0;
    }

    /** Billable minutes, fractional. */
    public double billableMinutes() {
        return billableSeconds / 60.0;
    }
}
