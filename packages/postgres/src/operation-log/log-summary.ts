import { OPERATION_KINDS, type OperationLogSummary } from '@lifeline/core';
import { emptyKindSummary } from '@lifeline/core/adapter';

/** @internal One aggregated group of log rows in a window. */
export interface GroupRow {
  kind: string;
  outcome: 'succeeded' | 'retrying' | 'dead_lettered' | 'duplicate';
  retried: boolean;
  n: number;
  tts_sum: number;
}

/** @internal The ratio between consecutive time-to-success buckets (as in `tts_bucket()` in SQL). */
export const TTS_RATIO = 1.1;

/**
 * @internal The p95 estimated from (possibly fractionally weighted) log-scale bucket counts: the first
 * bucket whose cumulative count reaches 95% of the total, reported as its geometric midpoint, so the
 * estimate is within about 5% of the value at that rank.
 */
export function estimateP95(buckets: ReadonlyArray<{ tts_bucket: number; n: number }>): number | null {
  const total = buckets.reduce((sum, bucket) => sum + bucket.n, 0);
  if (!(total > 0)) return null;
  let seen = 0;
  for (const bucket of [...buckets].sort((a, b) => a.tts_bucket - b.tts_bucket)) {
    seen += bucket.n;
    if (seen >= 0.95 * total - 1e-9)
      return bucket.tts_bucket === 0 ? 1 : TTS_RATIO ** (bucket.tts_bucket - 0.5);
  }
  return null;
}

const emptySummary = emptyKindSummary;

/** @internal Per-kind counts and mean time to success from grouped rows (p95 is filled in later). */
export function summarizeGroups(rows: readonly GroupRow[]): OperationLogSummary {
  const summary = {} as OperationLogSummary;
  const ttsSum: Record<string, number> = {};
  for (const kind of OPERATION_KINDS) {
    summary[kind] = emptySummary();
    ttsSum[kind] = 0;
  }
  for (const row of rows) {
    const s = summary[row.kind as keyof OperationLogSummary];
    if (!s) continue;
    if (row.outcome === 'duplicate') s.duplicates += row.n;
    if (row.outcome !== 'succeeded' && row.outcome !== 'dead_lettered') continue;
    s.finished += row.n;
    if (row.retried) s.retried += row.n;
    if (row.outcome === 'dead_lettered') {
      s.deadLettered += row.n;
      continue;
    }
    s.succeeded += row.n;
    if (row.retried) s.retriedSucceeded += row.n;
    ttsSum[row.kind]! += row.tts_sum;
  }
  for (const kind of OPERATION_KINDS) {
    if (summary[kind].succeeded > 0)
      summary[kind].avgTimeToSuccessMs = ttsSum[kind]! / summary[kind].succeeded;
  }
  return summary;
}
