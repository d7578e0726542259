import type { TraceFacts } from '../observability/otel';
import { checkTraces } from '../observability/trace-invariant';
import type { RunFacts } from './facts';

/** One way the promise was broken. */
export interface Violation {
  purchaseId?: string;
  /** Short name of the rule, e.g. `receipt-doubled`. */
  rule: string;
  detail: string;
}

/**
 * What a dead letter of the run stands for. Every dead letter is exactly one of these, so the summary's
 * "Dead-lettered" total and the verdict's parts are the same numbers, read once.
 */
export type DeadLetterOutcome =
  /** The receipt never reached the provider: the customer did not get it. */
  | 'receipt-undelivered'
  /** The provider delivered the receipt but every answer was lost: a false alarm, a redrive finds it sent. */
  | 'receipt-delivered'
  /** The webhook work (fulfilment) of a paid session. */
  | 'fulfilment'
  /** Creating the Checkout Session. */
  | 'checkout'
  | 'other';

/** The outcomes in the order the summary lists them. */
export const DEAD_LETTER_OUTCOMES: readonly DeadLetterOutcome[] = [
  'receipt-undelivered',
  'receipt-delivered',
  'fulfilment',
  'checkout',
  'other',
];

/** What the check found, with the counts it is based on. */
export interface InvariantReport {
  ok: boolean;
  violations: Violation[];
  paid: number;
  /** Paid purchases fulfilled exactly once. */
  fulfilled: number;
  /** Paid purchases whose fulfilment is in the dead-letter store (with an alert). */
  fulfilmentDeadLettered: number;
  /** Fulfilled purchases whose receipt was delivered exactly once. */
  receiptsDelivered: number;
  /** Fulfilled purchases whose receipt is in the dead-letter store (with an alert). */
  receiptsDeadLettered: number;
  /**
   * Receipts delivered once whose work is nevertheless dead-lettered: the provider accepted the email but
   * its answer was lost on every attempt. A false alarm, not a double: a redrive finds it sent.
   */
  receiptsDeliveredAndDeadLettered: number;
  /** Purchases whose checkout never started and is in the dead-letter store. */
  checkoutsDeadLettered: number;
  /** Every dead letter of the run, by what it stands for (the counts sum to the run's dead letters). */
  deadLetters: { total: number; byOutcome: Record<DeadLetterOutcome, number> };
  /** The outcome of each dead letter, by its id. */
  outcomeOf: Map<string, DeadLetterOutcome>;
}

const RECEIPT = 'purchase/email.send';
const CHECKOUT = 'checkout/session.create';
const isWebhook = (name: string) => name.startsWith('stripe/checkout.');

/**
 * The promise, checked from durable records: every paid purchase was fulfilled exactly once and its
 * receipt delivered exactly once under its idempotency key — or the work that could not be done is in
 * the dead-letter store and an alert about it reached the alert channel. Nothing lost, nothing doubled:
 * no purchase missing, no second Checkout Session, no fulfilment without payment, no second email.
 * With `traces` (a `--otel` run), also the trace rules of {@link checkTraces}: checkout → webhook → email
 * is one trace, and every attempt has its process span.
 */
export function checkInvariant(facts: RunFacts, traces?: TraceFacts): InvariantReport {
  const violations: Violation[] = [];
  const report: InvariantReport = {
    ok: true,
    violations,
    paid: 0,
    fulfilled: 0,
    fulfilmentDeadLettered: 0,
    receiptsDelivered: 0,
    receiptsDeadLettered: 0,
    receiptsDeliveredAndDeadLettered: 0,
    checkoutsDeadLettered: 0,
    deadLetters: {
      total: facts.deadLetters.length,
      byOutcome: Object.fromEntries(DEAD_LETTER_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
        DeadLetterOutcome,
        number
      >,
    },
    outcomeOf: new Map(),
  };
  const alerted = new Set(
    facts.alerts.map((alert) => `${alert.fields.operation}\u0000${alert.fields.idempotencyKey}`),
  );
  const deadLetters = new Map<string, RunFacts['deadLetters']>();
  for (const entry of facts.deadLetters) {
    const list = deadLetters.get(entry.purchaseId ?? '') ?? [];
    list.push(entry);
    deadLetters.set(entry.purchaseId ?? '', list);
    if (!alerted.has(`${entry.name}\u0000${entry.idempotencyKey}`)) {
      violations.push({
        purchaseId: entry.purchaseId,
        rule: 'dead-letter-without-alert',
        detail: `dead letter ${entry.id} (${entry.name}, ${entry.idempotencyKey}) never reached the alert channel`,
      });
    }
  }
  const deliveries = new Map<string, RunFacts['deliveries']>();
  for (const delivery of facts.deliveries) {
    const purchaseId = delivery.tags.purchase_id ?? delivery.idempotencyKey.replace(/^receipt:/, '');
    deliveries.set(purchaseId, [...(deliveries.get(purchaseId) ?? []), delivery]);
  }

  for (const purchaseId of facts.purchaseIds) {
    const fail = (rule: string, detail: string) => violations.push({ purchaseId, rule, detail });
    const dead = (match: (name: string) => boolean) =>
      (deadLetters.get(purchaseId) ?? []).some((entry) => match(entry.name));
    const purchase = facts.purchases.get(purchaseId);
    const checkout = facts.checkouts.get(purchaseId);
    const grants = facts.grants.get(purchaseId) ?? 0;
    const sent = deliveries.get(purchaseId) ?? [];

    if (!purchase) {
      fail('purchase-lost', 'the customer bought, but the shop has no purchase row');
      continue;
    }
    if (!checkout) {
      if (dead((name) => name === CHECKOUT)) report.checkoutsDeadLettered++;
      else
        fail('checkout-lost', 'no Checkout Session was created and the work is not in the dead-letter store');
    } else if (checkout.sessionIds.length > 1) {
      fail(
        'checkout-doubled',
        `${checkout.sessionIds.length} Checkout Sessions: ${checkout.sessionIds.join(', ')}`,
      );
    }
    if (grants > 1) fail('fulfilment-doubled', `fulfilled ${grants} times`);
    if (grants > 0 !== (purchase.status === 'fulfilled')) {
      fail('fulfilment-inconsistent', `${grants} grant(s) but status "${purchase.status}"`);
    }
    if (!checkout?.paid) {
      if (grants > 0) fail('fulfilled-unpaid', 'fulfilled although Stripe never reported it paid');
      if (sent.length > 0) fail('receipt-unpaid', 'a receipt went out for a purchase that was never paid');
      continue;
    }
    report.paid++;
    if (grants === 0) {
      if (dead(isWebhook)) report.fulfilmentDeadLettered++;
      else fail('fulfilment-lost', 'paid, but neither fulfilled nor in the dead-letter store');
      if (sent.length > 0)
        fail('receipt-unfulfilled', 'a receipt went out for a purchase that was never fulfilled');
      continue;
    }
    if (grants === 1) report.fulfilled++;
    const key = `receipt:${purchaseId}`;
    const wrongKey = sent.filter((delivery) => delivery.idempotencyKey !== key);
    if (wrongKey.length > 0) {
      fail(
        'receipt-key',
        `sent under ${wrongKey.map((delivery) => delivery.idempotencyKey).join(', ')}, not ${key}`,
      );
    }
    if (sent.length > 1) fail('receipt-doubled', `the receipt was delivered ${sent.length} times`);
    else if (sent.length === 1) {
      report.receiptsDelivered++;
      if (dead((name) => name === RECEIPT)) report.receiptsDeliveredAndDeadLettered++;
    } else if (dead((name) => name === RECEIPT)) report.receiptsDeadLettered++;
    else fail('receipt-lost', 'fulfilled, but the receipt was neither delivered nor dead-lettered');
  }
  for (const entry of facts.deadLetters) {
    const delivered = (deliveries.get(entry.purchaseId ?? '') ?? []).length > 0;
    const outcome: DeadLetterOutcome =
      entry.name === RECEIPT
        ? delivered
          ? 'receipt-delivered'
          : 'receipt-undelivered'
        : isWebhook(entry.name)
          ? 'fulfilment'
          : entry.name === CHECKOUT
            ? 'checkout'
            : 'other';
    report.outcomeOf.set(entry.id, outcome);
    report.deadLetters.byOutcome[outcome]++;
  }
  if (traces) violations.push(...checkTraces(facts, traces));
  report.ok = violations.length === 0;
  return report;
}
