import {
  type BulkItemResult,
  isInvalidTransitionError,
  isNotFoundError,
  type Lifeline,
} from '@lifeline/core';

/** Options of {@link redriveEach}. */
export interface RedriveEachOptions {
  by: string;
  note?: string;
  /** Entries retried at once. */
  concurrency: number;
  /** How long each retry waits for its re-run's result (0: do not wait, answer `queued`). */
  waitMs: number;
}

/**
 * Retries the given entries as `by`, a few at a time, and reports what really happened to each: `resolved`
 * (the re-run succeeded), `failed` (it failed again), `queued` (still running when `waitMs` passed, or a
 * queue that runs elsewhere), `conflict` (someone else acted first) or `not_found`. Unlike
 * `lifeline.bulk`, which answers `queued` as soon as the work is enqueued, it waits for the outcome, so
 * "3 succeeded" is said only when three succeeded.
 */
export async function redriveEach(
  lifeline: Lifeline,
  ids: readonly string[],
  options: RedriveEachOptions,
): Promise<BulkItemResult[]> {
  const results: BulkItemResult[] = new Array(ids.length);
  let next = 0;
  const work = async () => {
    while (next < ids.length) {
      const index = next++;
      const id = ids[index]!;
      try {
        const outcome = await lifeline.redrive(id, {
          by: options.by,
          ...(options.note === undefined ? {} : { note: options.note }),
          wait: options.waitMs > 0,
          waitTimeoutMs: options.waitMs,
        });
        results[index] =
          outcome.status === 'failed' ? { id, status: 'failed', error: outcome.error } : outcome;
      } catch (error) {
        const status = isInvalidTransitionError(error)
          ? 'conflict'
          : isNotFoundError(error)
            ? 'not_found'
            : 'failed';
        results[index] = {
          id,
          status,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, ids.length)) }, work));
  return results;
}
