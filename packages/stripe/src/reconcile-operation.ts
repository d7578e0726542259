import { defineOperation, type Operation, type RetryPolicy } from '@lifeline/core';
import { z } from 'zod';
import { type CursorStore, memoryCursorStore } from './cursor-store';
import { reconcileCheckouts } from './reconcile-checkouts';
import type { ReconcileCheckoutsOptions, ReconcileReport } from './reconcile-types';

/** Payload of the reconciliation job: the start of the time slot it runs for (epoch ms); one run per slot. */
export const reconcileJobSchema = z.object({
  /** Start of the slot this run is for, in epoch ms (e.g. 13:00:00.000 for the 13:00 hourly run). */
  scheduledFor: z.number().int().nonnegative(),
});

/** How often reconciliation runs by default: hourly. */
export const RECONCILE_EVERY_MS = 60 * 60_000;
/** The same schedule as a cron expression, for queues with cron triggers (Inngest). */
export const RECONCILE_CRON = '0 * * * *';

/** Options of {@link reconcileOperation}: those of `reconcileCheckouts` except what the job context gives. */
export interface ReconcileOperationOptions
  extends Omit<ReconcileCheckoutsOptions, 'lifeline' | 'now' | 'cursorStore'> {
  /** Default `stripe/checkout.reconcile`. */
  name?: string;
  /** Default: an in-memory store kept by this operation (incremental within one process only). */
  cursorStore?: CursorStore;
  /** Default 3 attempts. */
  retry?: Partial<RetryPolicy>;
  /** Per-attempt time limit in ms; default 10 minutes. */
  timeoutMs?: number;
}

/**
 * Wraps {@link reconcileCheckouts} as a `job` operation for a schedule (hourly by default; see
 * {@link scheduleReconciliation}, or use {@link RECONCILE_CRON} on Inngest). Sends re-runs and the gap
 * alert through the job's context. A failed run is retried and, at the end, dead-lettered with an alert
 * like any operation; the cursor only moves when a run completes.
 *
 * @example
 * ```ts
 * const reconcile = reconcileOperation({ stripe, operation: checkout.completed, isFulfilled, cursorStore });
 * const lifeline = createLifeline({ operations: [...checkout.operations, reconcile] });
 * const stop = scheduleReconciliation({ lifeline, operation: reconcile });
 * ```
 */
export function reconcileOperation(
  options: ReconcileOperationOptions,
): Operation<typeof reconcileJobSchema, ReconcileReport> {
  const { name = 'stripe/checkout.reconcile', retry, timeoutMs = 10 * 60_000, ...rest } = options;
  const cursorStore = options.cursorStore ?? memoryCursorStore();
  return defineOperation({
    name,
    kind: 'job',
    schema: reconcileJobSchema,
    description: 'Finds paid Stripe checkouts that were never fulfilled and re-sends them',
    retry: { attempts: 3, ...retry },
    timeoutMs,
    idempotencyKey: (job) => `${name}:${job.scheduledFor}`,
    run: (_job, ctx) =>
      reconcileCheckouts({
        ...rest,
        cursorStore,
        lifeline: {
          send: ctx.send,
          alert: (alert) => ctx.alerter.alert(alert),
          clock: ctx.clock,
          logger: ctx.logger,
        },
      }),
  });
}
