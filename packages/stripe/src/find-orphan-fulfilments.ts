import { ValidationError } from '@lifeline/core';
import type Stripe from 'stripe';
import { z } from 'zod';

/** A fulfilment whose checkout session is not a paid one. */
export interface OrphanFulfilment {
  /** The fulfilled session's id. */
  sessionId: string;
  /** `not_found`: Stripe has no such session; `not_paid`: it exists but its payment is not `paid`. */
  reason: 'not_found' | 'not_paid';
  /** The session's `payment_status`, when Stripe has the session. */
  paymentStatus?: string;
  /** The session's `status` (`open`, `complete`, `expired`), when Stripe has the session. */
  status?: string | null;
}

/** What {@link findOrphanFulfilments} found. */
export interface OrphanReport {
  /** Distinct session ids looked up. */
  checked: number;
  /** The fulfilments with no paid session, in the order given. */
  orphans: OrphanFulfilment[];
}

/** Options of {@link findOrphanFulfilments}. */
export interface FindOrphanFulfilmentsOptions {
  /** Session ids your app fulfilled (e.g. in the last day); one Stripe request each, so keep it small. */
  fulfilledSessionIds: Iterable<string>;
  /** Used for `checkout.sessions.retrieve`. */
  stripe: Pick<Stripe, 'checkout'>;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Timeout of each request in ms; default 10 000. */
  stripeTimeoutMs?: number;
}

const optionsSchema = z.object({
  stripe: z.custom(
    (v) => typeof (v as Stripe)?.checkout?.sessions?.retrieve === 'function',
    'a Stripe client',
  ),
  concurrency: z.number().int().positive().max(25).optional(),
  stripeTimeoutMs: z.number().int().positive().optional(),
});

function isNotFound(error: unknown): boolean {
  const e = error as { statusCode?: unknown; code?: unknown };
  return e?.statusCode === 404 || e?.code === 'resource_missing';
}

/**
 * The reverse check of reconciliation: fulfilments with no paid session behind them (a bug, a test-mode
 * id in production, or fraud). Retrieves each session from Stripe, so it is meant for small, recent sets.
 * Any error other than "no such session" is thrown, so a Stripe outage is not reported as orphans.
 *
 * @example
 * ```ts
 * const yesterday = new Date(Date.now() - 86_400_000);
 * const { orphans } = await findOrphanFulfilments({ stripe, fulfilledSessionIds: await db.purchases.sessionIdsSince(yesterday) });
 * ```
 */
export async function findOrphanFulfilments(options: FindOrphanFulfilmentsOptions): Promise<OrphanReport> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw ValidationError.fromZod('findOrphanFulfilments options', parsed.error, options);
  const ids = [...new Set(options.fulfilledSessionIds)];
  const found: (OrphanFulfilment | undefined)[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      const sessionId = ids[index]!;
      try {
        const session = await options.stripe.checkout.sessions.retrieve(sessionId, undefined, {
          timeout: options.stripeTimeoutMs ?? 10_000,
        });
        if (session.payment_status !== 'paid') {
          found[index] = {
            sessionId,
            reason: 'not_paid',
            paymentStatus: session.payment_status,
            status: session.status,
          };
        }
      } catch (error) {
        if (!isNotFound(error)) throw error;
        found[index] = { sessionId, reason: 'not_found' };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, ids.length) }, worker));
  return {
    checked: ids.length,
    orphans: found.filter((entry): entry is OrphanFulfilment => entry !== undefined),
  };
}
