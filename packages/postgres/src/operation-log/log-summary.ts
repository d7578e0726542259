import { type KindSummary, OPERATION_KINDS, type OperationKind, type OperationLogSummary } from '@lifeline/core';

/** @internal One aggregated group of log rows in a window. */
export interface GroupRow {
  kind: OperationKind;
  outcome: 'succeeded' | 'retrying' | 'dead_lettered' | 'duplicate';
  retried: boolean;
  /** Log-scale bucket of the time to success; -1 for other outcomes. */
  tts_bucket: number;
  n: number;
  tts_sum: number;
}

/** @internal The ratio between consecutive time-to-success buckets (as in `tts_bucket()` in SQL). */
export const TTS_RATIO = 1.1;

/**
 * @internal The p95 estimated from log-scale buckets: the bucket holding rank `ceil(0.95 n)`, reported
 * as its geometric midpoint, so the estimate is within about 5% of the exact value.
 */
export function estimateP95(buckets: ReadonlyMap<number, number>, total: number): number | null {
  if (total === 0) return null;
  const rank = Math.ceil(0.95 * total);
  let seen = 0;
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    seen += buckets.get(bucket)!;
    if (seen >= rank) return bucket === 0 ? 1 : TTS_RATIO ** (bucket - 0.5);
  }
  return null;
}

const emptySummary = (): KindSummary => ({
  finished: 0,
  succeeded: 0,
  deadLettered: 0,
  retried: 0,
  retriedSucceeded: 0,
  duplicates: 0,
  avgTimeToSuccessMs: null,
  p95TimeToSuccessMs: null,
});

/** @internal Per-kind summaries from grouped rows; `p95` estimates come from the time buckets. */
export function summarizeGroups(rows: readonly GroupRow[]): {
  summary: OperationLogSummary;
  ttsBuckets: Record<OperationKind, Map<number, number>>;
} {
  const summary = {} as OperationLogSummary;
  const ttsBuckets = {} as Record<OperationKind, Map<number, number>>;
  const ttsSum = {} as Record<OperationKind, number>;
  for (const kind of OPERATION_KINDS) {
    summary[kind] = emptySummary();
    ttsBuckets[kind] = new Map();
    ttsSum[kind] = 0;
  }
  for (const row of rows) {
    const s = summary[row.kind];
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
    ttsSum[row.kind] += row.tts_sum;
    const buckets = ttsBuckets[row.kind];
    buckets.set(row.tts_bucket, (buckets.get(row.tts_bucket) ?? 0) + row.n);
  }
  for (const kind of OPERATION_KINDS) {
    const s = summary[kind];
    if (s.succeeded > 0) {
      s.avgTimeToSuccessMs = ttsSum[kind] / s.succeeded;
      s.p95TimeToSuccessMs = estimateP95(ttsBuckets[kind], s.succeeded);
    }
  }
  return { summary, ttsBuckets };
}
