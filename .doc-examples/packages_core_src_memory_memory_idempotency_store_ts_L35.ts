// packages/core/src/memory/memory-idempotency-store.ts:35
import { idempotent, memoryIdempotencyStore } from '@lifeline/core';
const store = memoryIdempotencyStore();
await idempotent(store, 'refund:pi_123', () => stripe.refunds.create({ payment_intent: 'pi_123' }));

export {};
