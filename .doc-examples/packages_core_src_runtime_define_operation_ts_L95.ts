// packages/core/src/runtime/define-operation.ts:95
import { defineOperation } from '@lifeline/core';
import { z } from 'zod';
const sendReceipt = defineOperation({
  name: 'purchase/email.send',
  kind: 'email',
  schema: z.object({ purchaseId: z.string(), email: z.email() }),
  retry: { attempts: 3 },
  idempotencyKey: (d) => `receipt:${d.purchaseId}`,
  run: async (d, ctx) => ctx.mailer.send({ to: d.email, subject: 'Your receipt', text: '…' }, { idempotencyKey: ctx.idempotencyKey }),
});

export {};
