import { type AttemptRecord, emptyKindSummary, type KindSummary } from '../contracts/operation-log';

/**
 * The 95th percentile by nearest rank: the smallest value with at least 95% of the values at or
 * below it (`sorted[ceil(0.95 n) - 1]`), or `null` for no values.
 *
 * @example
 * ```ts
 * percentile95([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]); // 19
 * ```
 */
export function percentile95(sortedAscending: readonly number[]): number | null {
  if (sortedAscending.length === 0) return null;
  return sortedAscending[Math.ceil(0.95 * sortedAscending.length) - 1]!;
}

/**
 * Computes one kind's {@link KindSummary} from its attempt records, already limited to the window:
 * the single definition of the health numbers, for adapters that summarise rows in JavaScript.
 * Final records (`succeeded`, `dead_lettered`) count as finished and, with `attempt > 1`, as retried;
 * `duplicate` records are counted apart; times are `at - enqueuedAt` of successes. No records give
 * zero counts and `null` times.
 */
export function summarizeAttempts(records: readonly AttemptRecord[]): KindSummary {
  const summary: KindSummary = emptyKindSummary();
  const times: number[] = [];
  for (const record of records) {
    if (record.outcome === 'duplicate') summary.duplicates++;
    if (record.outcome !== 'succeeded' && record.outcome !== 'dead_lettered') continue;
    summary.finished++;
    const retried = record.attempt > 1;
    if (retried) summary.retried++;
    if (record.outcome === 'dead_lettered') {
      summary.deadLettered++;
      continue;
    }
    summary.succeeded++;
    if (retried) summary.retriedSucceeded++;
    times.push(record.at - record.enqueuedAt);
  }
  if (times.length > 0) {
    times.sort((a, b) => a - b);
    summary.avgTimeToSuccessMs = times.reduce((sum, value) => sum + value, 0) / times.length;
    summary.p95TimeToSuccessMs = percentile95(times);
  }
  return summary;
}
