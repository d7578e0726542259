import type { Alert, Alerter } from '../contracts/alerter';

/** An {@link Alerter} that keeps every alert, for tests. */
export interface MemoryAlerter extends Alerter {
  /** Every alert received, in order (copies). */
  readonly alerts: Alert[];
}

/**
 * An in-memory {@link Alerter}: records each alert in `.alerts` and never fails.
 *
 * @example
 * ```ts
 * const alerter = memoryAlerter();
 * const lifeline = createLifeline({ operations, alerter });
 * // ... later, in a test:
 * expect(alerter.alerts.map((a) => a.severity)).toEqual(['critical']);
 * ```
 */
export function memoryAlerter(): MemoryAlerter {
  const alerts: Alert[] = [];
  return {
    alerts,
    async alert(alert) {
      alerts.push(structuredClone(alert));
    },
  };
}
