// packages/core/src/idempotency/run-idempotently.ts:112
import { runIdempotently } from '@lifeline/core';
const paymentIntent = 'pi_123';
const run = await runIdempotently(idempotency, `refund:${paymentIntent}`, () =>
  stripe.refunds.create({ payment_intent: paymentIntent }),
);
if (run.status === 'duplicate') lifeline.logger.info('refund already issued', { paymentIntent });

export {};
