import type { Alert } from '../contracts/alerter';
import type { DeadLetter } from '../contracts/dead-letter-store';
import type { AttemptRecord } from '../contracts/operation-log';

/**
 * Observability hooks: wire metrics or OpenTelemetry without forking. Hooks run after the fact and
 * must not throw; one that does is logged and ignored, never failing the operation.
 */
export interface LifelineHooks {
  /** After every attempt outcome is logged. */
  onAttempt?: (record: AttemptRecord) => void;
  /** After a dead letter is recorded. */
  onDeadLetter?: (deadLetter: DeadLetter) => void;
  /** When work succeeds after at least one failure, or a redrive resolves a dead letter. */
  onRecovered?: (info: {
    operation: string;
    idempotencyKey: string;
    attempt: number;
    deadLetterId?: string;
  }) => void;
  /** After an alert was sent, suppressed, or failed to send. */
  onAlert?: (alert: Alert, outcome: 'sent' | 'suppressed' | 'failed') => void;
}

/** @internal calls a hook, logging instead of throwing. */
export function callHook<A extends unknown[]>(
  hook: ((...args: A) => void) | undefined,
  args: A,
  onError: (error: unknown) => void,
): void {
  if (!hook) return;
  try {
    hook(...args);
  } catch (error) {
    onError(error);
  }
}
