import type { AlertSeverity, IdempotencyStore, OperationContext, RetryPolicy } from '@lifeline/core';
import { ConfigurationError, ValidationError } from '@lifeline/core';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { CheckoutSession } from './checkout-session';
import type { StripeEventPayload } from './stripe-event-schema';

/** What `fulfil` and `onAsyncPaymentFailed` receive besides the session. */
export interface FulfilContext extends OperationContext {
  /** `checkout:<session id>`: the business key to pass to every side effect of this fulfilment. */
  idempotencyKey: string;
  /** The event that led here (`source: 'reconcile'` for a re-send by `reconcileCheckouts`). */
  event: Pick<StripeEventPayload, 'id' | 'type' | 'created' | 'source'>;
}

/** When to re-read the session from Stripe instead of trusting the event's copy. */
export type RefetchMode = 'never' | 'when-stale' | 'always';

/** Options of {@link fulfilCheckout}. */
export interface FulfilCheckoutOptions {
  /** Prefix of the operations' names; default `stripe/checkout`. */
  name?: string;
  /**
   * Where the claim on each checkout session id is kept. Default: the running Lifeline's own store
   * (`ctx.idempotency`, i.e. what `createLifeline({ idempotency })` was given), read when the work runs.
   * Give a store, or a function returning one, only to keep the claims somewhere else.
   */
  idempotency?: IdempotencyStore | (() => IdempotencyStore);
  /** The business step: grant access, create the order… Runs at most once per paid session (see README). */
  fulfil: (session: CheckoutSession, ctx: FulfilContext) => Promise<void>;
  /** Needed for `refetch` other than `'never'`. */
  stripe?: Pick<Stripe, 'checkout'>;
  /** Default: `'when-stale'` when `stripe` is given (re-read a session the event says is not paid yet), else `'never'`. */
  refetch?: RefetchMode;
  /** Called after the alert when a delayed payment fails (e.g. email the customer). */
  onAsyncPaymentFailed?: (session: CheckoutSession, ctx: FulfilContext) => Promise<void>;
  /** Severity of the delayed-payment-failed alert; default `warning`. */
  asyncPaymentFailedSeverity?: AlertSeverity;
  /** Retry policy of the three operations; default 5 attempts. */
  retry?: Partial<RetryPolicy>;
  /** Per-attempt time limit of the operations (ms). The session claim's lease is this plus 30 s (default 5 min 30 s). */
  timeoutMs?: number;
  /** How long a fulfilled session is remembered by the claim; default 30 days. */
  rememberMs?: number;
  /** Timeout of the `sessions.retrieve` call in ms; default 10 000. */
  stripeTimeoutMs?: number;
}

/** @internal {@link FulfilCheckoutOptions} with defaults filled in. */
export interface ResolvedFulfilOptions extends Omit<FulfilCheckoutOptions, 'idempotency'> {
  name: string;
  /** The store for one run: the option's, else the running Lifeline's. */
  store: (ctx: OperationContext) => IdempotencyStore;
  refetch: RefetchMode;
  asyncPaymentFailedSeverity: AlertSeverity;
  leaseMs: number;
  rememberMs: number;
  stripeTimeoutMs: number;
}

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', what);
const optionsSchema = z.object({
  name: z.string().min(1).max(150).optional(),
  idempotency: z
    .custom<IdempotencyStore | (() => IdempotencyStore)>(
      (value) => typeof value === 'function' || typeof (value as IdempotencyStore)?.claim === 'function',
      "an IdempotencyStore, or a function returning one (e.g. () => lifeline.idempotency); leave it out to use the Lifeline's own",
    )
    .optional(),
  fulfil: fn('a function (session, ctx) => Promise<void>'),
  stripe: z
    .custom<Pick<Stripe, 'checkout'>>(
      (value) => typeof (value as Stripe)?.checkout?.sessions?.retrieve === 'function',
      'a Stripe client',
    )
    .optional(),
  refetch: z.enum(['never', 'when-stale', 'always']).optional(),
  onAsyncPaymentFailed: fn('a function (session, ctx) => Promise<void>').optional(),
  asyncPaymentFailedSeverity: z.enum(['info', 'warning', 'critical']).optional(),
  timeoutMs: z.number().int().positive().optional(),
  rememberMs: z.number().int().positive().optional(),
  stripeTimeoutMs: z.number().int().positive().optional(),
});

/** @internal Checks {@link FulfilCheckoutOptions}; throws an error that names the bad option. */
export function resolveFulfilOptions(options: FulfilCheckoutOptions): ResolvedFulfilOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw ValidationError.fromZod('fulfilCheckout options', parsed.error, options);
  const refetch = options.refetch ?? (options.stripe ? 'when-stale' : 'never');
  if (refetch !== 'never' && !options.stripe) {
    throw new ConfigurationError(
      `fulfilCheckout: refetch "${refetch}" needs a Stripe client; pass \`stripe\` or set refetch: 'never'`,
    );
  }
  const { idempotency } = options;
  const store: ResolvedFulfilOptions['store'] =
    idempotency === undefined
      ? (ctx) => ctx.idempotency
      : typeof idempotency === 'function'
        ? () => idempotency()
        : () => idempotency;
  return {
    ...options,
    name: options.name ?? 'stripe/checkout',
    store,
    refetch,
    asyncPaymentFailedSeverity: options.asyncPaymentFailedSeverity ?? 'warning',
    leaseMs: (options.timeoutMs ?? 5 * 60_000) + 30_000,
    rememberMs: options.rememberMs ?? 30 * 24 * 60 * 60_000,
    stripeTimeoutMs: options.stripeTimeoutMs ?? 10_000,
  };
}
