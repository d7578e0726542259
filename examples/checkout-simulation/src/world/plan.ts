import { between, rollFor, seededRandom } from '../random';
import type { Span, Timing } from '../timing';

/** How a customer pays: by card (paid at once), or by a bank debit that settles later, or fails. */
export type PaymentMethod = 'card' | 'bank_debit' | 'bank_debit_fails';

/** One customer's purchase, decided before the run from the seed. */
export interface PlannedPurchase {
  /** 1-based position in the run. */
  index: number;
  /** The app's purchase id: unique per run, so runs over one data directory never collide. */
  purchaseId: string;
  /** When the customer buys, from the start of the run. */
  arrivalMs: number;
  name: string;
  email: string;
  /** How many leads the customer buys, and what that costs in cents. */
  leads: number;
  amountCents: number;
  payment: PaymentMethod;
  /** From session creation to the customer completing checkout. */
  payDelayMs: number;
  /** For bank debits: from completion to the payment settling (or failing). */
  settleDelayMs: number;
}

const NAMES = ['Ada', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Alan', 'Radia'];
const CENTS_PER_LEAD = 20;

/** The purchase id of the `index`-th purchase of run `runId`. */
export const purchaseIdOf = (runId: number, index: number): string =>
  `pur_r${runId}_${String(index).padStart(6, '0')}`;

const pick = (roll: number, span: Span) => between(roll, span[0], span[1]);

/**
 * The run's purchases, fixed by the seed: arrival times (exponential gaps around
 * `timing.arrivalGapMs`), buyers (one in twenty buys again under an earlier buyer's address), basket
 * sizes, and how each pays (85% card, 12% bank debit, 3% bank debit that fails).
 */
export function planPurchases(runId: number, seed: number, count: number, timing: Timing): PlannedPurchase[] {
  const random = seededRandom(seed);
  const plan: PlannedPurchase[] = [];
  let at = 0;
  for (let index = 1; index <= count; index++) {
    at += Math.round(-Math.log(1 - random()) * timing.arrivalGapMs);
    const roll = (what: string) => rollFor(seed, 'plan', index, what);
    const repeat = index > 20 && roll('repeat') < 0.05;
    const buyer = repeat ? between(roll('who'), 1, index - 1) : index;
    const leads = between(roll('leads'), 10, 500);
    const method = roll('method');
    plan.push({
      index,
      purchaseId: purchaseIdOf(runId, index),
      arrivalMs: at,
      name: NAMES[buyer % NAMES.length]!,
      email: `buyer${buyer}@example.com`,
      leads,
      amountCents: leads * CENTS_PER_LEAD,
      payment: method < 0.85 ? 'card' : method < 0.97 ? 'bank_debit' : 'bank_debit_fails',
      payDelayMs: pick(roll('pay'), timing.payDelayMs),
      settleDelayMs: pick(roll('settle'), timing.settleDelayMs),
    });
  }
  return plan;
}
