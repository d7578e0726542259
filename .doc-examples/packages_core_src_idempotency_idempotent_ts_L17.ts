// packages/core/src/idempotency/idempotent.ts:17
import { fingerprint, idempotent, memoryIdempotencyStore } from '@lifeline/core';
const store = memoryIdempotencyStore();
const purchase = { purchaseId: 'p_1', email: 'ada@example.com' };
const key = `receipt:${purchase.purchaseId}`;
const sent = await idempotent(
  store,
  key,
  () => mailer.send({ to: purchase.email, subject: 'Your receipt', text: 'Thanks!' }, { idempotencyKey: key }),
  { fingerprint: fingerprint(purchase) },
);

export {};
