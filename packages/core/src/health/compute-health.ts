import { OPERATION_KINDS } from '../contracts/operation-kind';
import type { KindSummary, OperationLogSummary } from '../contracts/operation-log';
import type {
  HealthMetric,
  HealthMetricId,
  HealthReport,
  HealthStatus,
  HealthTargets,
  MetricThreshold,
} from './health-types';

function statusOf(value: number | null, threshold: MetricThreshold, higherIsBetter: boolean): HealthStatus {
  if (value === null) return 'no_data';
  if (higherIsBetter) {
    if (value >= threshold.target) return 'healthy';
    return value < threshold.alert ? 'critical' : 'degraded';
  }
  if (value <= threshold.target) return 'healthy';
  return value > threshold.alert ? 'critical' : 'degraded';
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

const LABELS: Record<HealthMetricId, string> = {
  emailDeliveryRate: 'Email delivery rate',
  webhookSuccessRate: 'Webhook success rate',
  openDeadLetters: 'Open failed operations',
  retrySuccessRate: 'Retry success rate',
  avgTimeToSuccessMs: 'Average time to success',
  p95TimeToSuccessMs: 'p95 time to success',
};

/** Weighted mean of per-kind averages, and the largest per-kind p95 (an upper bound of the overall p95). */
function timeToSuccess(kinds: OperationLogSummary): { avg: number | null; p95: number | null; n: number } {
  let total = 0;
  let n = 0;
  let p95: number | null = null;
  for (const kind of OPERATION_KINDS) {
    const summary: KindSummary = kinds[kind];
    if (summary.avgTimeToSuccessMs !== null) {
      total += summary.avgTimeToSuccessMs * summary.succeeded;
      n += summary.succeeded;
    }
    if (summary.p95TimeToSuccessMs !== null) p95 = Math.max(p95 ?? 0, summary.p95TimeToSuccessMs);
  }
  return { avg: n === 0 ? null : total / n, p95, n };
}

/**
 * Turns a log summary and the open dead-letter count into a health report with a status per metric.
 * Pure: the same inputs always give the same report.
 */
export function computeHealth(input: {
  kinds: OperationLogSummary;
  openDeadLetters: number;
  targets: HealthTargets;
  from: number;
  to: number;
}): HealthReport {
  const { kinds, targets } = input;
  const retried = OPERATION_KINDS.reduce((sum, kind) => sum + kinds[kind].retried, 0);
  const retriedSucceeded = OPERATION_KINDS.reduce((sum, kind) => sum + kinds[kind].retriedSucceeded, 0);
  const times = timeToSuccess(kinds);
  const metric = (
    id: HealthMetricId,
    value: number | null,
    unit: HealthMetric['unit'],
    higherIsBetter: boolean,
    sample: number,
  ): HealthMetric => ({
    id,
    label: LABELS[id],
    value,
    unit,
    direction: higherIsBetter ? 'higher-is-better' : 'lower-is-better',
    target: targets[id].target,
    alert: targets[id].alert,
    status: statusOf(value, targets[id], higherIsBetter),
    sample,
  });
  const metrics: HealthMetric[] = [
    metric(
      'emailDeliveryRate',
      ratio(kinds.email.succeeded, kinds.email.finished),
      'ratio',
      true,
      kinds.email.finished,
    ),
    metric(
      'webhookSuccessRate',
      ratio(kinds.webhook.succeeded, kinds.webhook.finished),
      'ratio',
      true,
      kinds.webhook.finished,
    ),
    metric('openDeadLetters', input.openDeadLetters, 'count', false, input.openDeadLetters),
    metric('retrySuccessRate', ratio(retriedSucceeded, retried), 'ratio', true, retried),
    metric('avgTimeToSuccessMs', times.avg, 'ms', false, times.n),
    metric('p95TimeToSuccessMs', times.p95, 'ms', false, times.n),
  ];
  const rank = { healthy: 0, no_data: 0, degraded: 1, critical: 2 } as const;
  const worst = metrics.reduce(
    (a, m) => (rank[m.status] > rank[a] ? m.status : a),
    'healthy' as HealthStatus,
  );
  return {
    from: input.from,
    to: input.to,
    status: worst === 'no_data' ? 'healthy' : worst,
    metrics,
    kinds,
    openDeadLetters: input.openDeadLetters,
  };
}
