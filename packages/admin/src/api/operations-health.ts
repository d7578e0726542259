import type { Alert, HealthReport, Lifeline, OutcomeBucket } from '@lifeline/core';
import type { AdminContext } from '../context';
import { jsonResponse } from '../http/responses';
import { parseInput, queryObject } from '../http/validation';
import { humanDurations } from './final-error';
import { maskSecrets } from './mask';
import { healthQuerySchema } from './query-schemas';

/** Default health window: 24 hours. */
export const DEFAULT_WINDOW_MS = 86_400_000;
/** The chart never has more bars than this; wider windows get wider buckets. */
const MAX_BUCKETS = 1_000;

/** An alert the runtime sent (or failed to send), from the alert store, fields masked. */
export type RecentAlert = Alert & {
  /** When it fired, epoch ms. */
  at: number;
  /** False when the alerter failed (the alert was logged instead). */
  delivered: boolean;
  /** Why delivery failed. */
  error?: string;
};

/** How many alerts the health page lists (the newest); `alertCount` says how many the window holds. */
export const ALERTS_SHOWN = 100;

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
  /** The newest alerts of the window (at most 100), from the durable alert store. */
  alerts: RecentAlert[];
  /** Every alert sent in the window, delivered or not, counted by the alert store. */
  alertCount: number;
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
  // The durable alert store, not this process's memory: every alert of the window, from every process.
  const window = { from: report.from, to: report.to + 1 };
  const [page, alertCount] = await Promise.all([
    lifeline.alerts.list({ ...window, limit: ALERTS_SHOWN }),
    lifeline.alerts.count(window),
  ]);
  const alerts = page.items.map(({ id: _id, ...alert }) => {
    const masked = maskSecrets(alert).value;
    return { ...masked, title: humanDurations(masked.title), message: humanDurations(masked.message) };
  });
  return { ...report, windowMs, histogram: { bucketMs: width, buckets }, alerts, alertCount };
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
