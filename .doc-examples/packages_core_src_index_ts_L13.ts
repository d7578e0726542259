// packages/core/src/index.ts:13
import { createLifeline, defineOperation } from '@lifeline/core';
import { z } from 'zod';

const sendReceipt = defineOperation({
  name: 'purchase/email.send',
  kind: 'email',
  schema: z.object({ purchaseId: z.string(), email: z.email() }),
  idempotencyKey: (d) => `receipt:${d.purchaseId}`,
  run: (d, ctx) => ctx.mailer.send({ to: d.email, subject: 'Your receipt', text: 'Thanks!' }, { idempotencyKey: ctx.idempotencyKey }),
});
const lifeline = createLifeline({ operations: [sendReceipt], mailer });
await lifeline.send(sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });

export {};
