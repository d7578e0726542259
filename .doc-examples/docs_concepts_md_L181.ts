// docs/concepts.md:181
import { fingerprint, idempotent } from '@lifeline/core';
const key = 'refund:pi_123';
const refund = await idempotent(idempotency, key, () => stripe.refunds.create({ payment_intent: 'pi_123' }), {
  fingerprint: fingerprint({ paymentIntent: 'pi_123' }),
});

export {};
