// docs/concepts.md:22
import { defineOperation } from '@lifeline/core';
import { z } from 'zod';

export const sendReceipt = defineOperation({
  name: 'purchase/email.send', // unique; also the event name on queues like Inngest
  kind: 'email', // 'email' | 'webhook' | 'job': drives health metrics and admin filters
  schema: z.object({ purchaseId: z.string(), email: z.email(), downloadUrl: z.url() }),
  retry: { attempts: 3, backoff: { initialMs: 1_000, maxMs: 60_000, jitter: 'full' } },
  throttle: { key: (d) => d.email, limit: 50, periodMs: 60_000 }, // delays, never drops
  idempotencyKey: (d) => `receipt:${d.purchaseId}`,
  timeoutMs: 10_000, // per attempt: ctx.signal aborts when it passes
  run: (d, ctx) =>
    ctx.mailer.send(
      { to: d.email, subject: 'Your download is ready', text: d.downloadUrl },
      { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal },
    ),
});

export {};
