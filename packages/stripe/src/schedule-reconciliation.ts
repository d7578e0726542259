import type { Lifeline, Operation } from '@lifeline/core';
import { RECONCILE_EVERY_MS, type reconcileJobSchema, type reconcileOperation } from './reconcile-operation';
import type { ReconcileReport } from './reconcile-types';

/** Options of {@link scheduleReconciliation}. */
export interface ScheduleReconciliationOptions {
  /** The lifeline that runs the job; its clock sets the schedule. */
  lifeline: Pick<Lifeline, 'send' | 'clock' | 'logger'>;
  /** The job, from {@link reconcileOperation}. */
  operation: Operation<typeof reconcileJobSchema, ReconcileReport>;
  /** Default hourly. Runs at each multiple of this since the epoch (on the hour, for hourly). */
  everyMs?: number;
}

/**
 * Sends the reconciliation job once per slot on the lifeline's clock, for apps on the in-process queue.
 * Each send carries the slot's start, so several instances sharing an idempotency store run it once per
 * slot. A refused send is logged and tried again at the next slot. Returns a function that stops it.
 */
export function scheduleReconciliation(options: ScheduleReconciliationOptions): () => void {
  const { lifeline, operation } = options;
  const everyMs = options.everyMs ?? RECONCILE_EVERY_MS;
  let cancel: (() => void) | undefined;
  let stopped = false;
  const arm = () => {
    const now = lifeline.clock.now();
    const next = (Math.floor(now / everyMs) + 1) * everyMs;
    cancel = lifeline.clock.setTimer(() => {
      if (stopped) return;
      lifeline.send(operation, { scheduledFor: next }).catch((error: unknown) => {
        lifeline.logger.error('stripe reconcile: the scheduled run could not be queued', {
          scheduledFor: next,
          error: String(error),
        });
      });
      arm();
    }, next - now);
  };
  arm();
  return () => {
    stopped = true;
    cancel?.();
  };
}
