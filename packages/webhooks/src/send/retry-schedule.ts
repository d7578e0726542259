/**
 * The Standard Webhooks specification's example retry schedule ("Deliverability and reliability"): after
 * the first, immediate attempt, wait 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h. Ten attempts
 * spread over about 75 h 35 min. (Svix and Resend publish a shorter variant ending "10 h, 10 h"; the spec's
 * own table is the one used here.)
 */
export const STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
]);

/**
 * The wait after the `failedAttempt`-th attempt failed (1-based), from `schedule`; past its end, the last
 * entry. Never negative.
 */
export function scheduledDelay(schedule: readonly number[], failedAttempt: number): number {
  if (schedule.length === 0) return 0;
  const index = Math.min(Math.max(1, failedAttempt), schedule.length) - 1;
  return Math.max(0, schedule[index]!);
}
