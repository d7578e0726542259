import { type IdempotencyStore, PermanentError } from '@lifeline/core';
import type { PostgresQueue, SqlClient } from '@lifeline/postgres';
import { fulfilCheckout } from '@lifeline/stripe';
import type Stripe from 'stripe';
import type { Timing } from '../timing';
import type { PartnerNotice } from './partner-notice';
import type { DownloadLinks } from './ports';
import type { PurchaseRepository } from './purchases';
import type { SendReceiptOperation } from './send-receipt';

/** Dependencies of {@link checkoutFulfilment}. */
export interface CheckoutFulfilmentDeps {
  sql: SqlClient;
  purchases: PurchaseRepository;
  /** The shop's queue: the receipt is enqueued in the fulfilment's own transaction. */
  queue: Pick<PostgresQueue, 'enqueueIn'>;
  downloads: DownloadLinks;
  /** Re-reads a session whose event copy is stale (a `completed` that arrives after its payment settled). */
  stripe: Pick<Stripe, 'checkout'>;
  /** The store the lifeline uses: the claim on each Checkout Session lives there. */
  idempotency: IdempotencyStore;
  sendReceipt: SendReceiptOperation;
  timing: Timing;
  /** With `--partner-webhooks`: enqueues the partner's notice in the fulfilment's transaction. */
  partner?: PartnerNotice;
}

/**
 * The webhook side of checkout: `fulfilCheckout` from `@lifeline/stripe` runs `fulfil` once per paid
 * Checkout Session, whichever of `completed` / `async_payment_succeeded` arrives first and however
 * often Stripe delivers them. An event whose copy of the session says "not paid" is checked against
 * Stripe's current state, so a `completed` that arrives after its payment settled finds it paid (and
 * fulfilled already).
 *
 * `fulfil` signs the download link (storage may fail: the operation retries), then in ONE transaction
 * marks the purchase fulfilled, writes the grant and enqueues the receipt (`queue.enqueueIn(tx, …)`):
 * the receipt job exists if and only if the fulfilment committed, so a crash right after the commit
 * cannot lose it, and a fulfilment that rolled back sends nothing.
 */
export function checkoutFulfilment(deps: CheckoutFulfilmentDeps) {
  return fulfilCheckout({
    idempotency: deps.idempotency,
    stripe: deps.stripe,
    stripeTimeoutMs: deps.timing.attemptTimeoutMs,
    retry: { attempts: 5, backoff: deps.timing.backoff },
    timeoutMs: deps.timing.attemptTimeoutMs,
    fulfil: async (session, ctx) => {
      const purchaseId = session.client_reference_id;
      if (!purchaseId) {
        throw new PermanentError(
          `Checkout Session ${session.id} has no client_reference_id: cannot tell which purchase it paid for`,
        );
      }
      const expiresAt = Math.round(ctx.clock.now() + deps.timing.downloadValidMs);
      const url = await deps.downloads.create(purchaseId, { expiresAt, signal: ctx.signal });
      await deps.sql.transaction(async (tx) => {
        const result = await deps.purchases.fulfil(tx, purchaseId, session.id, { url, expiresAt });
        if (result.status === 'unknown_purchase') {
          throw new PermanentError(
            `Checkout Session ${session.id} paid for purchase ${purchaseId}, which does not exist`,
          );
        }
        if (result.status === 'already_fulfilled') return;
        const { purchase } = result;
        await deps.queue.enqueueIn(tx, deps.sendReceipt, {
          purchaseId: purchase.id,
          email: purchase.email,
          name: purchase.name,
          leads: purchase.leads,
          amountCents: purchase.amountCents,
          currency: purchase.currency,
          downloadUrl: result.downloadUrl,
          expiresAt: result.expiresAt,
        });
        await deps.partner?.notify(tx, deps.queue, purchase);
      });
    },
  });
}
