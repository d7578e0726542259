import { describe, expect, test } from 'vitest';
import { healthMonitor } from './health-monitor';
import type { HealthMetric, HealthReport } from './health-types';

const metric = (value: number): HealthMetric => ({
  id: 'avgTimeToSuccessMs',
  label: 'Average time to success',
  value,
  unit: 'ms',
  direction: 'lower-is-better',
  target: 60_000,
  alert: 600_000,
  status: value > 600_000 ? 'critical' : 'healthy',
  sample: 12,
});

const report = (value: number): HealthReport =>
  ({ from: 0, to: 86_400_000, status: 'healthy', metrics: [metric(value)], openDeadLetters: 0 }) as never;

describe('healthMonitor', () => {
  test('durations in titles and messages read in human units, not milliseconds', () => {
    const monitor = healthMonitor();
    const [alert] = monitor.alertsFor(report(750_000));
    expect(alert!.title).toBe('Average time to success is above 10 min');
    expect(alert!.message).toBe(
      'Average time to success is 13 min over the last 1 d (alert threshold: above 10 min).',
    );
    expect(alert!.fields).toMatchObject({ value: '13 min' });
    expect(monitor.alertsFor(report(30_000))[0]!.message).toBe(
      'Average time to success is back to 30 s (healthy).',
    );
  });
});
