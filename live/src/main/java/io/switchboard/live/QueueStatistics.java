package io.switchboard.live;

import java.time.Instant;

/**
 * A queue's counters as of {@link #asOf()} (QueueStatus' QueueParams and QueueSummary). Asterisk computes
 * them; the model refreshes them on sync and on {@link Queue#refresh()}.
 *
 * @param strategy        ringall, rrmemory, leastrecent...
 * @param maxCallers      maximum waiting callers (0 = unlimited)
 * @param holdTime        average hold time, seconds
 * @param talkTime        average talk time, seconds
 * @param completed       calls completed
 * @param abandoned       calls abandoned
 * @param serviceLevel    service level threshold, seconds
 * @param serviceLevelPerf percentage of calls answered within the service level
 * @param weight          queue weight
 * @param loggedIn        members logged in (QueueSummary)
 * @param available       members available (QueueSummary)
 * @param longestHoldTime longest current wait, seconds (QueueSummary)
 * @param asOf            when these were read
 */
public record QueueStatistics(String strategy, int maxCallers, int holdTime, int talkTime, int completed,
                              int abandoned, int serviceLevel, double serviceLevelPerf, int weight, int loggedIn,
                              int available, int longestHoldTime, Instant asOf) {
}
