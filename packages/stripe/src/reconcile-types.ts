import type { Alert, AnyOperation, Clock, Logger, SendOptions, SendReceipt } from '@lifeline/core';
import type Stripe from 'stripe';
import type { CursorStore } from './cursor-store';

/** What reconciliation needs from a Lifeline: `createLifeline(...)` fits, and so does an operation's context. */
export interface ReconcileLifeline {
  /** Enqueues the re-send of a missing session; throws when the queue refuses. */
  send(operation: AnyOperation, data: unknown, options?: SendOptions): Promise<SendReceipt>;
  /** Must not throw (Lifeline's never does); a throw is logged and the report still returned. */
  alert(alert: Alert): Promise<void>;
  /** Gives the run's time when `now` is not passed. */
  clock: Clock;
  /** Where the run's summary and failures are logged. */
  logger: Logger;
}

/** Options of {@link reconcileCheckouts}. */
export interface ReconcileCheckoutsOptions {
  /** Lists with `checkout.sessions.list`; configure it with `maxNetworkRetries: 0` when Lifeline retries the job. */
  stripe: Pick<Stripe, 'checkout'>;
  /** Sends the re-sends and the alert: a Lifeline, or a job's context (see `reconcileOperation`). */
  lifeline: ReconcileLifeline;
  /** The fulfilment operation to re-send through: `fulfilCheckout(...).completed`. It must be idempotent by session id. */
  operation: AnyOperation;
  /** Your source of truth: did this checkout session get what it paid for? */
  isFulfilled: (sessionId: string) => Promise<boolean>;
  /** Where the cursor is kept between runs. Without one, every run starts at `since` (or the look-back). */
  cursorStore?: CursorStore;
  /** Key of the cursor in the store; default `stripe:reconcile-checkouts`. */
  cursorKey?: string;
  /** Start of the first run (epoch ms or Date), when the store has no cursor; default `now - lookbackMs`. */
  since?: number | Date;
  /** How far the first run looks back without `since`; default 7 days. */
  lookbackMs?: number;
  /** Paid sessions younger than this are left for their webhook; default 10 minutes. */
  graceMs?: number;
  /** How long after creation a session can still be completed (Stripe's maximum is 24 h); default 24 h. */
  sessionLifetimeMs?: number;
  /** How long an unpaid, completed session (delayed payment) is watched for its payment; default 7 days. */
  pendingPaymentWindowMs?: number;
  /** The run's time (epoch ms or Date); default `lifeline.clock.now()`. */
  now?: number | Date;
  /** Ids listed in the alert at most; default 20. */
  maxIdsInAlert?: number;
  /** Timeout of each Stripe list request in ms; default 30 000. */
  stripeTimeoutMs?: number;
}

/** A paid checkout session with no fulfilment. Amounts are in the currency's minor unit, as Stripe gives them. */
export interface MissingFulfilment {
  /** The Checkout Session id. */
  id: string;
  /** What the customer paid, in the currency's minor unit (0 when Stripe gives none). */
  amountTotal: number;
  /** ISO currency code in lower case, as Stripe gives it (`unknown` when absent). */
  currency: string;
  /** Unix seconds, as Stripe gives it. */
  created: number;
}

/** What one reconciliation run found and did. */
export interface ReconcileReport {
  /** Paid sessions past the grace period whose fulfilment was checked. */
  checked: number;
  /** Paid sessions past the grace period with no fulfilment. */
  missing: MissingFulfilment[];
  /** Missing sessions whose re-send the queue accepted. */
  resent: number;
  /** Missing sessions the queue refused to take (they are looked at again next run). */
  resendFailed: {
    /** The Checkout Session id. */
    id: string;
    /** Why the queue refused. */
    error: string;
  }[];
  /** Sum of `amountTotal` of the missing sessions, whatever their currency (see `totalMissingByCurrency`). */
  totalMissingAmount: number;
  /** Sum of `amountTotal` of the missing sessions per currency. */
  totalMissingByCurrency: Record<string, number>;
  /** Completed sessions still waiting for a delayed payment. */
  awaitingPayment: number;
  /** Paid sessions younger than the grace period, left for their webhook. */
  tooRecent: number;
  /** Unix seconds the listing started at (`created >= from`). */
  from: number;
  /** The stored cursor for the next run (unix seconds, as a string). */
  cursor: string;
}
