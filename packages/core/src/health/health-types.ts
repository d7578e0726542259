import type { OperationLogSummary } from '../contracts/operation-log';

/** How one metric stands against its target: `no_data` when nothing finished in the window. */
export type HealthStatus = 'healthy' | 'degraded' | 'critical' | 'no_data';

/** Identifiers of the health metrics. */
export type HealthMetricId =
  | 'emailDeliveryRate'
  | 'webhookSuccessRate'
  | 'openDeadLetters'
  | 'retrySuccessRate'
  | 'avgTimeToSuccessMs'
  | 'p95TimeToSuccessMs';

/**
 * A target and an alert threshold. For `higher-is-better` metrics (rates) the value is healthy at or above
 * `target`, critical below `alert`; for `lower-is-better` ones (counts, times) healthy at or below `target`,
 * critical above `alert`; in between is degraded.
 */
export interface MetricThreshold {
  target: number;
  alert: number;
}

/** Targets and thresholds for every metric. Defaults: the incident runbook's numbers. */
export type HealthTargets = Record<HealthMetricId, MetricThreshold>;

/** One metric in a report. */
export interface HealthMetric {
  id: HealthMetricId;
  label: string;
  /** The measured value (ratio 0..1, count, or ms), or null with no data. */
  value: number | null;
  unit: 'ratio' | 'count' | 'ms';
  direction: 'higher-is-better' | 'lower-is-better';
  target: number;
  alert: number;
  status: HealthStatus;
  /** How many operations the value is computed from. */
  sample: number;
}

/** Options for `lifeline.health()`. */
export interface HealthOptions {
  /** Window length ending now; default 24 h. */
  windowMs?: number;
}

/** The health of the app's side effects over a window. */
export interface HealthReport {
  from: number;
  to: number;
  /** The worst status of any metric with data. */
  status: Exclude<HealthStatus, 'no_data'>;
  metrics: HealthMetric[];
  kinds: OperationLogSummary;
  openDeadLetters: number;
}
