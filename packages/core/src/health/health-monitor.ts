import type { Alert } from '../contracts/alerter';
import type { HealthMetric, HealthMetricId, HealthReport } from './health-types';

/** `850 ms`, `45 s`, `10 min`, `1.5 h`, `2 d`: durations in alert titles read in human units. */
function formatDuration(ms: number): string {
  const units = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ] as const;
  for (const [size, unit] of units) {
    if (Math.abs(ms) >= size) return `${Number((ms / size).toFixed(ms / size >= 10 ? 0 : 1))} ${unit}`;
  }
  return `${Math.round(ms)} ms`;
}

function formatValue(metric: HealthMetric): string {
  if (metric.value === null) return 'no data';
  if (metric.unit === 'ratio') return `${(metric.value * 100).toFixed(2)}%`;
  if (metric.unit === 'ms') return formatDuration(metric.value);
  return String(metric.value);
}

function formatThreshold(metric: HealthMetric): string {
  const value =
    metric.unit === 'ratio'
      ? `${(metric.alert * 100).toFixed(2)}%`
      : metric.unit === 'ms'
        ? formatDuration(metric.alert)
        : String(metric.alert);
  return metric.direction === 'higher-is-better' ? `below ${value}` : `above ${value}`;
}

/**
 * Turns successive health reports into alerts: one when a metric becomes critical, and one when it
 * recovers, never one per check while it stays critical. State lives in this object (per process).
 */
export function healthMonitor(): {
  /** The alerts this report calls for, given the reports seen before. */
  alertsFor(report: HealthReport): Alert[];
} {
  const critical = new Set<HealthMetricId>();
  return {
    alertsFor(report) {
      const alerts: Alert[] = [];
      for (const metric of report.metrics) {
        const isCritical = metric.status === 'critical';
        const wasCritical = critical.has(metric.id);
        const fields = { value: formatValue(metric), target: metric.target, sample: metric.sample };
        if (isCritical && !wasCritical) {
          critical.add(metric.id);
          alerts.push({
            severity: 'critical',
            title: `${metric.label} is ${formatThreshold(metric)}`,
            message: `${metric.label} is ${formatValue(metric)} over the last ${formatDuration(report.to - report.from)} (alert threshold: ${formatThreshold(metric)}).`,
            fields,
          });
        } else if (!isCritical && wasCritical && metric.status !== 'no_data') {
          critical.delete(metric.id);
          alerts.push({
            severity: 'info',
            title: `${metric.label} recovered`,
            message: `${metric.label} is back to ${formatValue(metric)} (${metric.status}).`,
            fields,
          });
        }
      }
      return alerts;
    },
  };
}
