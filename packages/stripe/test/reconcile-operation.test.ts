import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findOrphanFulfilments,
  memoryCursorStore,
  type ReconcileReport,
  reconcileOperation,
  scheduleReconciliation,
} from '../src/index';
import { checkoutRuntime, session } from './helpers';
import { stripeStandIn } from './stripe-stand-in';

const HOUR = 3_600_000;
let standIn: Awaited<ReturnType<typeof stripeStandIn>>;
beforeEach(async () => {
  standIn = await stripeStandIn({ pageSize: 3 });
});
afterEach(() => standIn.close());

describe('reconcileOperation', () => {
  it('runs hourly as a job on the in-process queue: re-sends the gap once and alerts once', async () => {
    const cursors = memoryCursorStore();
    let reconcile!: ReturnType<typeof reconcileOperation>;
    const t = checkoutRuntime({}, (checkout) => {
      reconcile = reconcileOperation({
        stripe: standIn.client,
        operation: checkout.completed,
        cursorStore: cursors,
        isFulfilled: async (id) => t.fulfilled.some((f) => f.sessionId === id),
      });
      return [reconcile];
    });
    expect(reconcile).toMatchObject({ kind: 'job', name: 'stripe/checkout.reconcile' });
    const created = Math.floor((t.clock.now() - 2 * HOUR) / 1000);
    standIn.put(session('cs_lost', { created }));

    const stop = scheduleReconciliation({ lifeline: t.lifeline, operation: reconcile });
    await t.clock.advance(HOUR); // 13:00 slot
    await t.settle();
    expect(t.fulfilled.map((f) => [f.sessionId, f.eventId])).toEqual([['cs_lost', 'reconcile:cs_lost']]);
    const slot = Date.UTC(2026, 0, 1, 13);
    const result = (await t.idempotency.get(`stripe/checkout.reconcile:${slot}`))?.result as ReconcileReport;
    expect(result).toMatchObject({ checked: 1, resent: 1, missing: [{ id: 'cs_lost' }] });
    expect(cursors.entries()['stripe:reconcile-checkouts']).toBe(result.cursor);

    await t.clock.advance(HOUR); // 14:00 slot: nothing new
    await t.settle();
    const next = (await t.idempotency.get(`stripe/checkout.reconcile:${slot + HOUR}`))
      ?.result as ReconcileReport;
    expect(next).toMatchObject({ missing: [], resent: 0 });
    expect(t.alerter.alerts.filter((a) => a.severity === 'critical')).toHaveLength(1);
    expect(t.fulfilled).toHaveLength(1);

    stop();
    await t.clock.advance(3 * HOUR);
    await t.settle();
    expect(await t.idempotency.get(`stripe/checkout.reconcile:${slot + 2 * HOUR}`)).toBeUndefined();
  });

  it('runs once per slot, however many instances send it', async () => {
    let reconcile!: ReturnType<typeof reconcileOperation>;
    let runs = 0;
    const t = checkoutRuntime({}, (checkout) => {
      reconcile = reconcileOperation({
        stripe: standIn.client,
        operation: checkout.completed,
        isFulfilled: async () => {
          runs++;
          return true;
        },
      });
      return [reconcile];
    });
    standIn.put(session('cs_fine', { created: Math.floor((t.clock.now() - 2 * HOUR) / 1000) }));
    await Promise.all([1, 2, 3].map(() => t.lifeline.send(reconcile, { scheduledFor: 1_000 })));
    await t.settle();
    expect(runs).toBe(1);
  });
});

describe('findOrphanFulfilments', () => {
  it('reports fulfilled sessions that are unknown to Stripe or not paid', async () => {
    standIn.put(session('cs_paid'));
    standIn.put(session('cs_unpaid', { payment_status: 'unpaid' }));
    standIn.put(session('cs_expired', { status: 'expired', payment_status: 'unpaid' }));
    const report = await findOrphanFulfilments({
      stripe: standIn.client,
      fulfilledSessionIds: ['cs_paid', 'cs_unpaid', 'cs_ghost', 'cs_expired', 'cs_paid'],
    });
    expect(report.checked).toBe(4);
    expect(report.orphans).toEqual([
      { sessionId: 'cs_unpaid', reason: 'not_paid', paymentStatus: 'unpaid', status: 'complete' },
      { sessionId: 'cs_ghost', reason: 'not_found' },
      { sessionId: 'cs_expired', reason: 'not_paid', paymentStatus: 'unpaid', status: 'expired' },
    ]);
  });

  it('throws on a Stripe failure instead of reporting orphans', async () => {
    await standIn.close();
    await expect(
      findOrphanFulfilments({ stripe: standIn.client, fulfilledSessionIds: ['cs_1'] }),
    ).rejects.toThrow();
    standIn = await stripeStandIn(); // for afterEach
  });
});
