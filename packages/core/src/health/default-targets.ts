import type { HealthTargets } from './health-types';

/**
 * Default targets, from the incident runbook: email delivery ≥ 99% (alert < 95%), webhook success
 * ≥ 99.9% (alert < 99%), open dead letters < 10 (alert > 10), retry success ≥ 80% (alert < 80%),
 * average time to success ≤ 1 min (alert > 10 min), p95 ≤ 5 min (alert > 30 min).
 */
export const DEFAULT_HEALTH_TARGETS: HealthTargets = {
  emailDeliveryRate: { target: 0.99, alert: 0.95 },
  webhookSuccessRate: { target: 0.999, alert: 0.99 },
  openDeadLetters: { target: 9, alert: 10 },
  retrySuccessRate: { target: 0.8, alert: 0.8 },
  avgTimeToSuccessMs: { target: 60_000, alert: 600_000 },
  p95TimeToSuccessMs: { target: 300_000, alert: 1_800_000 },
};
