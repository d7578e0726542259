import { ValidationError } from '@lifeline/core';
import type Stripe from 'stripe';
import { z } from 'zod';
import { reconcileGapAlert } from './reconcile-alert';
import type { MissingFulfilment, ReconcileCheckoutsOptions, ReconcileReport } from './reconcile-types';
import type { StripeEventPayload } from './stripe-event-schema';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const ms = z.number().int().nonnegative();
const optionsSchema = z.object({
  stripe: z.custom((v) => typeof (v as Stripe)?.checkout?.sessions?.list === 'function', 'a Stripe client'),
  lifeline: z.custom(
    (v) => typeof (v as { send?: unknown })?.send === 'function',
    'a Lifeline (createLifeline(...))',
  ),
  operation: z.custom(
    (v) => typeof (v as { name?: unknown })?.name === 'string',
    'an operation (fulfilCheckout(...).completed)',
  ),
  isFulfilled: z.custom((v) => typeof v === 'function', 'a function (sessionId) => Promise<boolean>'),
  graceMs: ms.optional(),
  lookbackMs: ms.optional(),
  sessionLifetimeMs: ms.optional(),
  pendingPaymentWindowMs: ms.optional(),
  maxIdsInAlert: z.number().int().positive().optional(),
  stripeTimeoutMs: z.number().int().positive().optional(),
  cursorKey: z.string().min(1).optional(),
});

const toMs = (value: number | Date) => (value instanceof Date ? value.getTime() : value);
const seconds = (epochMs: number) => Math.floor(epochMs / 1000);

/** The event a reconciliation re-sends: deterministic per session, so a repeated re-send is the same payload. */
export function reconcileEvent(session: Stripe.Checkout.Session): StripeEventPayload {
  return {
    id: `reconcile:${session.id}`,
    type: 'checkout.session.completed',
    created: session.created,
    livemode: session.livemode,
    source: 'reconcile',
    data: { object: session as unknown as StripeEventPayload['data']['object'] },
  };
}

/**
 * Finds paid Checkout Sessions that were never fulfilled (the webhook was never delivered, or its
 * fulfilment was lost) and re-sends them through the fulfilment operation.
 *
 * Lists `status: 'complete'` sessions created since the cursor (auto-pagination), keeps the
 * `payment_status: 'paid'` ones older than `graceMs`, asks `isFulfilled` about each, re-sends the missing
 * ones with idempotency key `reconcile:<session id>`, raises **one** critical alert summarising the gap,
 * and stores the cursor for the next run.
 *
 * Guarantees: a re-send can never fulfil twice, because the fulfilment operation claims the session id;
 * the cursor never moves past a session that may still need attention (a missing one, one completed less
 * than `sessionLifetimeMs` ago, or one waiting for a delayed payment), so each run only re-reads that tail.
 * If listing or `isFulfilled` throws, the run throws and the cursor is not moved.
 *
 * @example
 * ```ts
 * const report = await reconcileCheckouts({
 *   stripe, lifeline, operation: checkout.completed, cursorStore,
 *   isFulfilled: async (id) => (await db.purchases.findBySession(id))?.status === 'fulfilled',
 * });
 * ```
 */
export async function reconcileCheckouts(options: ReconcileCheckoutsOptions): Promise<ReconcileReport> {
  const checked = optionsSchema.safeParse(options);
  if (!checked.success) throw ValidationError.fromZod('reconcileCheckouts options', checked.error, options);
  const { stripe, lifeline, operation, isFulfilled, cursorStore } = options;
  const cursorKey = options.cursorKey ?? 'stripe:reconcile-checkouts';
  const now = options.now === undefined ? lifeline.clock.now() : toMs(options.now);
  const graceMs = options.graceMs ?? 10 * 60_000;
  const pendingSince = seconds(now - (options.pendingPaymentWindowMs ?? 7 * DAY));
  const stored = await cursorStore?.get(cursorKey);
  const storedSec = stored !== undefined && /^\d+$/.test(stored) ? Number(stored) : undefined;
  const from =
    storedSec ??
    seconds(options.since === undefined ? now - (options.lookbackMs ?? 7 * DAY) : toMs(options.since));
  // Sessions created before this can no longer complete, and are past the grace period.
  let cursor = Math.max(from, seconds(now - Math.max(graceMs, options.sessionLifetimeMs ?? DAY)));
  const hold = (created: number) => {
    cursor = Math.min(cursor, created);
  };

  const report: ReconcileReport = {
    checked: 0,
    missing: [],
    resent: 0,
    resendFailed: [],
    totalMissingAmount: 0,
    totalMissingByCurrency: {},
    awaitingPayment: 0,
    tooRecent: 0,
    from,
    cursor: String(cursor),
  };
  const missingSessions: Stripe.Checkout.Session[] = [];
  const list = stripe.checkout.sessions.list(
    { created: { gte: from }, status: 'complete', limit: 100 },
    { timeout: options.stripeTimeoutMs ?? 30_000 },
  );
  for await (const session of list) {
    if (session.payment_status === 'unpaid') {
      if (session.created >= pendingSince) {
        report.awaitingPayment++;
        hold(session.created);
      }
      continue;
    }
    if (session.payment_status !== 'paid') continue;
    if (session.created * 1000 > now - graceMs) {
      report.tooRecent++;
      continue;
    }
    report.checked++;
    if (await isFulfilled(session.id)) continue;
    const entry: MissingFulfilment = {
      id: session.id,
      amountTotal: session.amount_total ?? 0,
      currency: session.currency ?? 'unknown',
      created: session.created,
    };
    report.missing.push(entry);
    missingSessions.push(session);
    report.totalMissingAmount += entry.amountTotal;
    report.totalMissingByCurrency[entry.currency] =
      (report.totalMissingByCurrency[entry.currency] ?? 0) + entry.amountTotal;
    hold(session.created);
  }

  for (const session of missingSessions) {
    try {
      await lifeline.send(operation, reconcileEvent(session), { idempotencyKey: `reconcile:${session.id}` });
      report.resent++;
    } catch (error) {
      report.resendFailed.push({
        id: session.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  report.cursor = String(cursor);
  if (report.missing.length > 0) {
    lifeline.logger.error('stripe reconcile: paid checkout sessions without fulfilment', {
      missing: report.missing.map((entry) => entry.id),
      resent: report.resent,
    });
    try {
      await lifeline.alert(reconcileGapAlert(report, operation.name, options.maxIdsInAlert ?? 20));
    } catch (error) {
      lifeline.logger.error('stripe reconcile: the gap alert could not be sent', { error: String(error) });
    }
  }
  await cursorStore?.set(cursorKey, report.cursor);
  lifeline.logger.info('stripe reconcile: done', {
    ...report,
    missing: report.missing.length,
    resendFailed: report.resendFailed.length,
  });
  return report;
}
