import { type Alert, type Alerter, type MemoryAlerter, memoryAlerter } from '@lifeline/core';
import { type FaultOptions, type FaultyCall, faultInjector } from './fault-injector';

/** Options of {@link faultyAlerter}. */
export interface FaultyAlerterOptions<A extends Alerter> extends FaultOptions<Alert> {
  /** The alerter that handles calls that are not failed. Default: a new `memoryAlerter()`. */
  delegate?: A;
  /** With `hang`, the signal whose abort ends a hanging call (alerts have no per-call signal). */
  signal?: AbortSignal;
}

/** An {@link Alerter} that injects faults and records every call. */
export interface FaultyAlerter<A extends Alerter = MemoryAlerter> extends Alerter {
  /** The wrapped alerter (with the default, its `.alerts` shows what arrived). */
  readonly delegate: A;
  /** Every call received, in order, with how it ended. */
  readonly calls: Array<FaultyCall<Alert, void>>;
}

/**
 * Wraps an alerter (default `memoryAlerter()`) and injects faults: fail the first `n` alerts, fail at a
 * seeded random rate, answer with an HTTP status, hang until `signal` aborts, or fail permanently for
 * chosen alerts. Every call is recorded in `.calls`: use it to check that an alerter outage never fails
 * the operation that raised the alert.
 *
 * @example
 * ```ts
 * const alerter = faultyAlerter({ failRate: 1, status: 500 });
 * const lifeline = createLifeline({ operations, alerter });
 * // ... the operation still dead-letters; the alert attempt is in alerter.calls with outcome 'failed'
 * ```
 */
export function faultyAlerter<A extends Alerter = MemoryAlerter>(
  options: FaultyAlerterOptions<A> = {},
): FaultyAlerter<A> {
  const delegate = options.delegate ?? (memoryAlerter() as unknown as A);
  const { delegate: _delegate, signal, ...faults } = options;
  const injector = faultInjector<Alert, void>(faults, 'alert');
  return {
    delegate,
    calls: injector.calls,
    alert(alert) {
      return injector.run(alert, signal, () => delegate.alert(alert));
    },
  };
}
