import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryCursorStore, reconcileCheckouts, stripeWebhookHandler } from '../src/index';
import { checkoutRuntime, delivery, event, SECRET, session, stripe } from './helpers';
import { stripeStandIn } from './stripe-stand-in';

const HOUR = 3_600_000;
let standIn: Awaited<ReturnType<typeof stripeStandIn>>;
beforeEach(async () => {
  standIn = await stripeStandIn({ pageSize: 2 });
});
afterEach(() => standIn.close());

/** Seconds since the epoch, `ms` before the runtime's clock. */
const ago = (t: { clock: { now(): number } }, ms: number) => Math.floor((t.clock.now() - ms) / 1000);

function scenario() {
  // Our database: sessions fulfilled before the test, plus every one the fulfil callback ran for.
  const done = new Set<string>();
  const t = checkoutRuntime();
  const isFulfilled = async (id: string) => done.has(id) || t.fulfilled.some((f) => f.sessionId === id);
  const cursors = memoryCursorStore();
  const put = (id: string, createdAgoMs: number, extra: Record<string, unknown> = {}) =>
    standIn.put(session(id, { created: ago(t, createdAgoMs), ...extra }));
  put('cs_ok_1', 2 * HOUR);
  put('cs_ok_2', 4 * HOUR);
  put('cs_ok_3', 6 * HOUR);
  put('cs_missing_usd', 3 * HOUR, { amount_total: 1999, currency: 'usd' });
  put('cs_missing_eur', 5 * HOUR, { amount_total: 4200, currency: 'eur' });
  put('cs_too_young', 5 * 60_000);
  put('cs_waiting', HOUR, { payment_status: 'unpaid' });
  put('cs_free', HOUR, { payment_status: 'no_payment_required' });
  put('cs_open', HOUR, { status: 'open', payment_status: 'unpaid' });
  put('cs_before_window', 10 * 24 * HOUR);
  for (const id of ['cs_ok_1', 'cs_ok_2', 'cs_ok_3']) done.add(id);
  const fulfilCalls = () => t.fulfilled.map((f) => f.sessionId).sort();
  const run = (extra: Partial<Parameters<typeof reconcileCheckouts>[0]> = {}) =>
    reconcileCheckouts({
      stripe: standIn.client,
      lifeline: t.lifeline,
      operation: t.checkout.completed,
      isFulfilled,
      cursorStore: cursors,
      ...extra,
    });
  return { t, done, cursors, run, fulfilCalls };
}

describe('reconcileCheckouts through the real Stripe SDK and a stand-in Stripe server', () => {
  it('finds paid sessions with no fulfilment, re-sends them once, alerts once, and advances the cursor', async () => {
    const { t, cursors, run, fulfilCalls } = scenario();
    const report = await run();

    expect(report.missing.map((m) => m.id).sort()).toEqual(['cs_missing_eur', 'cs_missing_usd']);
    expect(report.missing).toContainEqual({
      id: 'cs_missing_usd',
      amountTotal: 1999,
      currency: 'usd',
      created: ago(t, 3 * HOUR),
    });
    expect(report).toMatchObject({
      checked: 5,
      resent: 2,
      resendFailed: [],
      totalMissingAmount: 6199,
      awaitingPayment: 1,
      tooRecent: 1,
    });
    expect(report.totalMissingByCurrency).toEqual({ usd: 1999, eur: 4200 });
    expect(report.from).toBe(ago(t, 7 * 24 * HOUR));
    expect(report.cursor).toBe(String(ago(t, 24 * HOUR)));
    expect(cursors.entries()).toEqual({ 'stripe:reconcile-checkouts': report.cursor });

    // The listing went through the SDK's auto-pagination: 8 complete sessions in range, pages of 2.
    const lists = standIn.seen.filter((r) => r.path === '/v1/checkout/sessions');
    expect(lists.length).toBe(4);
    expect(lists[0]!.query).toMatchObject({ 'created[gte]': String(report.from), status: 'complete' });
    expect(lists.slice(1).every((r) => r.query.starting_after)).toBe(true);

    // One critical alert summarising the gap.
    const critical = t.alerter.alerts.filter((a) => a.severity === 'critical');
    expect(critical).toHaveLength(1);
    expect(critical[0]!.title).toContain('2 paid checkout sessions');
    expect(critical[0]!.message).toContain('USD 19.99');
    expect(critical[0]!.message).toContain('EUR 42.00');
    expect(critical[0]!.fields).toMatchObject({
      missing: 2,
      sessions: expect.stringContaining('cs_missing_usd'),
    });

    await t.settle();
    expect(fulfilCalls()).toEqual(['cs_missing_eur', 'cs_missing_usd']);
    expect(t.fulfilled.every((f) => f.eventId.startsWith('reconcile:'))).toBe(true);
  });

  it('finds nothing new on the next run, starting from the stored cursor', async () => {
    const { t, done, run, fulfilCalls } = scenario();
    const first = await run();
    await t.settle();
    await t.clock.advance(HOUR);
    done.add('cs_too_young'); // its webhook arrived meanwhile
    const before = standIn.seen.length;
    const second = await run();
    expect(second.from).toBe(Number(first.cursor));
    expect(standIn.seen[before]!.query['created[gte]']).toBe(first.cursor);
    expect(second).toMatchObject({ missing: [], resent: 0, totalMissingAmount: 0 });
    expect(Number(second.cursor)).toBeGreaterThan(Number(first.cursor));
    expect(t.alerter.alerts.filter((a) => a.severity === 'critical')).toHaveLength(1);
    expect(fulfilCalls()).toEqual(['cs_missing_eur', 'cs_missing_usd']);
  });

  it('never fulfils twice, even when isFulfilled lags behind a webhook that already fulfilled the session', async () => {
    const { t, run, fulfilCalls } = scenario();
    const handle = stripeWebhookHandler({
      stripe,
      secret: SECRET,
      lifeline: t.lifeline,
      events: t.checkout.events,
    });
    const paid = standIn.sessions.get('cs_missing_usd')!;
    expect(
      (await handle(delivery(JSON.stringify(event('evt_late', 'checkout.session.completed', paid)), t.clock)))
        .status,
    ).toBe(200);
    await t.settle();
    // Our database has not caught up, so reconciliation re-sends it; the session claim stops a second fulfilment.
    await run({ isFulfilled: async () => false });
    await t.settle();
    await run({ isFulfilled: async () => false });
    await t.settle();
    expect(fulfilCalls()).toEqual(['cs_missing_eur', 'cs_missing_usd', 'cs_ok_1', 'cs_ok_2', 'cs_ok_3']);
  });

  it('keeps the cursor at a session whose re-send the queue refused, and reports it', async () => {
    const { t, run } = scenario();
    await t.lifeline.close();
    const report = await run();
    expect(report.resent).toBe(0);
    expect(report.resendFailed.map((f) => f.id).sort()).toEqual(['cs_missing_eur', 'cs_missing_usd']);
    expect(report.cursor).toBe(String(ago(t, 24 * HOUR)));
    const critical = t.alerter.alerts.filter((a) => a.severity === 'critical');
    expect(critical[0]!.message).toContain('2 could not be queued');
  });

  it('holds the cursor at the oldest session that still needs a look, and moves it past settled ones', async () => {
    const { t, run } = scenario();
    standIn.put(session('cs_ach_old', { created: ago(t, 3 * 24 * HOUR), payment_status: 'unpaid' }));
    const first = await run();
    expect(first.cursor).toBe(String(ago(t, 3 * 24 * HOUR)));
    await t.settle();
    // Two days later the delayed payment is still pending: the cursor stays; past the window, it moves on.
    await t.clock.advance(2 * 24 * HOUR);
    expect((await run()).cursor).toBe(String(ago(t, 5 * 24 * HOUR)));
    await t.clock.advance(3 * 24 * HOUR);
    // cs_ach_old left the 7-day window; the cursor now waits only for the younger cs_waiting.
    expect((await run()).cursor).toBe(String(ago(t, 5 * 24 * HOUR + HOUR)));
  });

  it('does not move the cursor when isFulfilled throws', async () => {
    const { run, cursors } = scenario();
    await expect(run({ isFulfilled: async () => Promise.reject(new Error('db down')) })).rejects.toThrow(
      'db down',
    );
    expect(cursors.entries()).toEqual({});
  });

  it('validates its options', async () => {
    const { t } = scenario();
    await expect(
      reconcileCheckouts({
        stripe: standIn.client,
        lifeline: t.lifeline,
        operation: t.checkout.completed,
        isFulfilled: 'yes' as never,
      }),
    ).rejects.toThrow(/isFulfilled/);
  });
});
