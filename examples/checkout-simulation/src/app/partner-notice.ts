import type { AnyOperation } from '@lifeline/core';
import type { PostgresQueue, SqlClient } from '@lifeline/postgres';
import { memoryEndpointStore, partnerWebhooks } from '@lifeline/webhooks';
import type { Purchase } from './purchases';

/** The id of the partner's endpoint, and the event id a fulfilled purchase is announced under. */
export const PARTNER_ENDPOINT_ID = 'partner';
export const partnerEventIdFor = (purchaseId: string): string => `purchase-fulfilled:${purchaseId}`;
/** The idempotency key of the delivery of a purchase's notice to the partner. */
export const partnerDeliveryKeyFor = (purchaseId: string): string =>
  `webhook:${partnerEventIdFor(purchaseId)}:${PARTNER_ENDPOINT_ID}`;

/** Options of {@link partnerNotice}. */
export interface PartnerNoticeOptions {
  /** The partner's endpoint. */
  url: string;
  /** Its signing secret (`whsec_…`). */
  secret: string;
  /** Wraps each HTTP request (the simulation counts it as activity, so the virtual clock waits for it). */
  observeRequest?: <T>(request: Promise<T>) => Promise<T>;
  /** The endpoint is on loopback in the simulation: allow exactly that. */
  allowAddresses?: readonly string[];
}

/** The partner notice: operations to register, and the call that enqueues one notice in a transaction. */
export interface PartnerNotice {
  operations: readonly AnyOperation[];
  /** Enqueues "purchase fulfilled" for the partner in `tx`, so it exists if and only if the fulfilment committed. */
  notify(tx: SqlClient, queue: Pick<PostgresQueue, 'enqueueIn'>, purchase: Purchase): Promise<void>;
}

/**
 * `--partner-webhooks`: every fulfilled purchase is announced to a partner as a signed Standard Webhook
 * (`purchase.fulfilled`), through `@lifeline/webhooks`: one delivery operation per endpoint, the spec's
 * retry schedule, the circuit breaker and the SSRF guard (loopback allowed only for the stand-in).
 */
export async function partnerNotice(options: PartnerNoticeOptions): Promise<PartnerNotice> {
  const endpoints = memoryEndpointStore();
  await endpoints.register(
    { id: PARTNER_ENDPOINT_ID, url: options.url, secret: options.secret, eventTypes: ['purchase.fulfilled'] },
    0,
  );
  const webhooks = partnerWebhooks({
    endpoints,
    allowAddresses: options.allowAddresses ?? [],
    requestTimeoutMs: 5_000,
    ...(options.observeRequest ? { observeRequest: options.observeRequest } : {}),
  });
  return {
    operations: webhooks.operations,
    async notify(tx, queue, purchase) {
      await queue.enqueueIn(tx, webhooks.publish, {
        id: partnerEventIdFor(purchase.id),
        type: 'purchase.fulfilled',
        data: { purchaseId: purchase.id, amountCents: purchase.amountCents, currency: purchase.currency },
      });
    },
  };
}
