import type { Lifeline } from '@lifeline/core';
import type { Purchase } from './purchases';
import { receiptKey, sendReceipt } from './receipt';

/**
 * Where a paid purchase's receipt email stands, from Lifeline's own records:
 * - `sent`: the receipt operation completed (its idempotency key is `completed`);
 * - `failed`: it ran out of attempts and is in the dead-letter store (the team was alerted);
 * - `resending`: an admin pressed Retry on that dead letter and the redrive is running;
 * - `sending`: queued or being retried.
 */
export type ReceiptStatus = 'sending' | 'sent' | 'failed' | 'resending';

/** Dead letters looked at before giving up the search (newest first, recorded since the payment). */
const MAX_SCANNED = 1_000;

/**
 * The receipt's true state, for the purchase page: the page must not say "emailed" when the email is in
 * the dead-letter store. Reads the idempotency store, then the dead letters recorded since the payment.
 */
export async function receiptStatus(
  lifeline: Pick<Lifeline, 'idempotency' | 'deadLetters'>,
  purchase: Purchase,
): Promise<ReceiptStatus> {
  const key = receiptKey(purchase.id);
  if ((await lifeline.idempotency.get(key))?.status === 'completed') return 'sent';
  let cursor: string | undefined;
  let scanned = 0;
  do {
    const page = await lifeline.deadLetters.list({
      name: sendReceipt.name,
      from: purchase.paidAt?.getTime() ?? purchase.createdAt.getTime(),
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    const entry = page.items.find((item) => item.idempotencyKey === key);
    if (entry) return entry.status === 'retrying' ? 'resending' : 'failed';
    scanned += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && scanned < MAX_SCANNED);
  return 'sending';
}
