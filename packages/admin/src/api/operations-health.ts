import type { Alert, HealthReport, Lifeline, OutcomeBucket } from '@lifeline/core';
import type { AdminContext } from '../context';
import { jsonResponse } from '../http/responses';
import { parseInput, queryObject } from '../http/validation';
import { maskSecrets } from './mask';
import { healthQuerySchema } from './query-schemas';

/** Default health window: 24 hours. */
export const DEFAULT_WINDOW_MS = 86_400_000;
/** The chart never has more bars than this; wider windows get wider buckets. */
const MAX_BUCKETS = 1_000;

/** An alert the runtime sent (or failed to send), fields masked. */
export type RecentAlert = Alert & {
  /** When it fired, epoch ms. */
  at: number;
  /** False when the alerter failed (the alert was logged instead). */
  delivered: boolean;
};

/** Everything the operations-health view shows. */
export interface OperationsHealth extends HealthReport {
  /** The window's length in ms (`to - from`). */
  windowMs: number;
  /** Final outcomes per bucket over the window, oldest first. */
  histogram: {
    /** Bucket width in ms (the handler's `histogramBucketMs`, doubled as needed to keep at most 1000 bars). */
    bucketMs: number;
    /** One per bucket, empty ones included. */
    buckets: OutcomeBucket[];
  };
  /** Alerts that fired within the window, newest first. */
  alerts: RecentAlert[];
}

/** Computes health (statuses against targets), the outcomes histogram and the window's alerts. */
export async function loadOperationsHealth(
  lifeline: Lifeline,
  windowMs: number,
  bucketMs: number,
): Promise<OperationsHealth> {
  const report = await lifeline.health({ windowMs });
  let width = bucketMs;
  while (windowMs / width > MAX_BUCKETS) width *= 2;
  // Align the chart's start to its buckets, so the first bar is a whole bucket.
  const start = Math.floor(report.from / width) * width;
  const buckets = await lifeline.log.histogram({ from: start, to: report.to }, width);
  const alerts = lifeline
    .recentAlerts()
    .filter((alert) => alert.at >= report.from)
    .map((alert) => maskSecrets(alert).value);
  return { ...report, windowMs, histogram: { bucketMs: width, buckets }, alerts };
}

/** `GET {base}/api/operations-health?window=24h` */
export async function operationsHealthRoute(ctx: AdminContext): Promise<Response> {
  const parsed = parseInput(healthQuerySchema, 'query', queryObject(ctx.url));
  if (!parsed.ok) return parsed.response;
  const { lifeline, histogramBucketMs } = ctx.options;
  return jsonResponse(
    await loadOperationsHealth(lifeline, parsed.value.window ?? DEFAULT_WINDOW_MS, histogramBucketMs),
  );
}
