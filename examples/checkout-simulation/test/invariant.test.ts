import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../src/alerting';
import type { RunFacts } from '../src/report/facts';
import { checkInvariant } from '../src/report/invariant';
import type { RunRecord } from '../src/run/run-record';
import type { MailRecord } from '../src/world/resend-standin';

const run: RunRecord = {
  id: 1,
  seed: 1,
  purchases: 3,
  faultRate: 0.2,
  duplicates: 0.1,
  realTime: false,
  startedAt: 0,
  clockAt: 1000,
  finishedAt: 1000,
  restarts: 0,
};

const delivery = (purchaseId: string, key = `receipt:${purchaseId}`): MailRecord => ({
  type: 'delivered',
  at: 10,
  idempotencyKey: key,
  id: `email_${Math.random()}`,
  to: ['a@example.com'],
  subject: 'Your leads are ready',
  tags: { purchase_id: purchaseId },
});
const alertFor = (operation: string, idempotencyKey: string): AlertRecord => ({
  at: 10,
  severity: 'warning',
  title: `Email failed: ${operation}`,
  message: 'failed',
  fields: { operation, idempotencyKey },
  dedupeKey: `dead-letter:${operation}:${idempotencyKey}`,
});

/**
 * A small run that keeps the promise: p1 paid, fulfilled, receipt delivered; p2 paid, fulfilled,
 * receipt dead-lettered with an alert; p3's delayed payment failed, so nothing was fulfilled or sent.
 */
function honestFacts(): RunFacts {
  return {
    run,
    purchaseIds: ['p1', 'p2', 'p3'],
    purchases: new Map([
      ['p1', { status: 'fulfilled', checkoutSessionId: 'cs_1' }],
      ['p2', { status: 'fulfilled', checkoutSessionId: 'cs_2' }],
      ['p3', { status: 'pending', checkoutSessionId: 'cs_3' }],
    ]),
    grants: new Map([
      ['p1', 1],
      ['p2', 1],
    ]),
    checkouts: new Map([
      ['p1', { sessionIds: ['cs_1'], paid: true, paymentFailed: false }],
      ['p2', { sessionIds: ['cs_2'], paid: true, paymentFailed: false }],
      ['p3', { sessionIds: ['cs_3'], paid: false, paymentFailed: true }],
    ]),
    deliveries: [delivery('p1')],
    deadLetters: [
      {
        id: 'dl_1',
        name: 'purchase/email.send',
        idempotencyKey: 'receipt:p2',
        purchaseId: 'p2',
        status: 'open',
        reason: 'ResendRejectedError (HTTP 422)',
        failedAt: 20,
      },
    ],
    alerts: [alertFor('purchase/email.send', 'receipt:p2')],
    webhookDeliveries: [],
  };
}

const rules = (facts: RunFacts) =>
  checkInvariant(facts).violations.map((v) => `${v.rule} ${v.purchaseId ?? ''}`.trim());

describe('checkInvariant', () => {
  it('accepts a run where every paid purchase was fulfilled once and its receipt delivered once or dead-lettered', () => {
    const report = checkInvariant(honestFacts());
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      paid: 2,
      fulfilled: 2,
      receiptsDelivered: 1,
      receiptsDeadLettered: 1,
    });
  });

  it('fails when a receipt is delivered twice', () => {
    const facts = honestFacts();
    facts.deliveries.push(delivery('p1'));
    expect(checkInvariant(facts).ok).toBe(false);
    expect(rules(facts)).toEqual(['receipt-doubled p1']);
  });

  it('fails when a receipt goes out under another idempotency key (a second email in disguise)', () => {
    const facts = honestFacts();
    facts.deliveries.push(delivery('p1', 'evt_retry_2'));
    expect(rules(facts)).toEqual(['receipt-key p1', 'receipt-doubled p1']);
  });

  it('fails when a paid purchase is neither fulfilled nor dead-lettered', () => {
    const facts = honestFacts();
    facts.grants.delete('p1');
    facts.purchases.set('p1', { status: 'pending', checkoutSessionId: 'cs_1' });
    facts.deliveries = [];
    expect(rules(facts)).toEqual(['fulfilment-lost p1']);
  });

  it('accepts a paid purchase whose fulfilment is dead-lettered with an alert', () => {
    const facts = honestFacts();
    facts.grants.delete('p1');
    facts.purchases.set('p1', { status: 'pending', checkoutSessionId: 'cs_1' });
    facts.deliveries = [];
    facts.deadLetters.push({
      id: 'dl_2',
      name: 'stripe/checkout.completed',
      idempotencyKey: 'evt_1',
      purchaseId: 'p1',
      status: 'open',
      reason: 'Error',
      failedAt: 30,
    });
    facts.alerts.push(alertFor('stripe/checkout.completed', 'evt_1'));
    expect(checkInvariant(facts)).toMatchObject({ ok: true, fulfilmentDeadLettered: 1 });
  });

  it('fails when a dead letter never reached the alert channel', () => {
    const facts = honestFacts();
    facts.alerts = [];
    expect(rules(facts)).toEqual(['dead-letter-without-alert p2']);
  });

  it('fails when a receipt is neither delivered nor dead-lettered', () => {
    const facts = honestFacts();
    facts.deliveries = [];
    expect(rules(facts)).toEqual(['receipt-lost p1']);
  });

  it('fails on a double fulfilment, a fulfilment without payment, a second session and a lost purchase', () => {
    const facts = honestFacts();
    facts.grants.set('p1', 2);
    facts.grants.set('p3', 1);
    facts.purchases.set('p3', { status: 'fulfilled', checkoutSessionId: 'cs_3' });
    facts.checkouts.get('p2')!.sessionIds.push('cs_2b');
    facts.purchaseIds.push('p4');
    expect(rules(facts)).toEqual([
      'fulfilment-doubled p1',
      'checkout-doubled p2',
      'fulfilled-unpaid p3',
      'purchase-lost p4',
    ]);
  });
});
