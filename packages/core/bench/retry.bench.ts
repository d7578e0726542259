import pRetry from 'p-retry';
import { retry } from '../src/retry/index';
import { type BenchResult, compare, measureInterleaved } from './harness';

/** `retry` may cost at most this much more than calling p-retry directly on the success path. */
const GOAL = 1.05;

const RETRY = 'retry(fn, { attempts: 3 }) success';
const P_RETRY = 'pRetry(fn, { retries: 2 }) success';
const P_RETRY_SAME = 'pRetry(fn, options retry passes) success';

/**
 * The success path: one attempt that resolves at once. `retry(fn, { attempts: 3 })` against
 * `pRetry(fn, { retries: 2 })` (the goal), in the same process, in interleaved rounds.
 *
 * A second, informational row compares `retry` with p-retry given the same options object
 * `retry` hands it: p-retry's own cost depends on the shape of its options (it spreads them and
 * fills in defaults), so this row isolates what `retry` itself adds (policy validation, wrapper).
 */
export async function benchRetry(): Promise<BenchResult[]> {
  const work = async () => 42;
  const sameOptions = {
    retries: 2,
    minTimeout: 0,
    maxTimeout: 0,
    signal: undefined,
    onFailedAttempt: async () => {},
  };
  const results = await measureInterleaved(
    {
      [RETRY]: () => retry(work, { attempts: 3 }),
      [P_RETRY]: () => pRetry(work, { retries: 2 }),
      [P_RETRY_SAME]: () => pRetry(work, { ...sameOptions }),
    },
    { iterations: 20_000, warmup: 20_000, rounds: 10, batch: 200 },
  );
  const ours = results[RETRY]!;
  return [
    compare(ours, results[P_RETRY]!, GOAL),
    compare(ours, results[P_RETRY_SAME]!),
    results[P_RETRY]!,
    results[P_RETRY_SAME]!,
  ];
}
