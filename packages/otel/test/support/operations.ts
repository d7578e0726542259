import { defineOperation, PermanentError } from '@lifeline/core';
import { trace } from '@opentelemetry/api';
import { z } from 'zod';

/** Behaviour the test scripts per purchase: how many attempts fail first, and how. */
export interface Script {
  failures: number;
  /** `http`: an error with `status: 503` (retryable); `permanent`: a PermanentError (dead letter at once). */
  how: 'http' | 'permanent';
}

/** The receipt email of the checkout: its `run` makes a child span, like an instrumented fetch would. */
export function receiptOperation(scripts: Map<string, Script>) {
  return defineOperation({
    name: 'purchase/email.send',
    kind: 'email',
    schema: z.object({ purchaseId: z.string() }),
    retry: { attempts: 3, backoff: { initialMs: 1, maxMs: 2, jitter: 'none' } },
    idempotencyKey: (d) => `receipt:${d.purchaseId}`,
    run: async (data) => {
      // The process span is the active context here: this child nests under it.
      await trace.getTracer('stand-in-http').startActiveSpan('POST /emails', async (span) => {
        span.end();
      });
      const script = scripts.get(data.purchaseId);
      if (script && script.failures > 0) {
        script.failures--;
        if (script.how === 'permanent') throw new PermanentError('mailbox rejected the address');
        throw Object.assign(new Error('upstream unavailable'), { status: 503 });
      }
      return { sent: true };
    },
  });
}

/** The Stripe event's processing: it completes the purchase and sends the receipt (`ctx.send`). */
export function fulfilOperation(receipt: ReturnType<typeof receiptOperation>) {
  return defineOperation({
    name: 'stripe/checkout.session.completed',
    kind: 'webhook',
    schema: z.object({ purchaseId: z.string() }),
    idempotencyKey: (d) => `fulfil:${d.purchaseId}`,
    run: async (data, ctx) => {
      await ctx.send(receipt, { purchaseId: data.purchaseId });
    },
  });
}
