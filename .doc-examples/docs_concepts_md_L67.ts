// docs/concepts.md:67
import { defineOperation } from '@lifeline/core';
import { z } from 'zod';
const fulfilOrder = defineOperation({
  name: 'orders/fulfil',
  kind: 'job',
  schema: z.object({ orderId: z.string(), email: z.email() }),
  run: async (d, ctx) => {
    await db.purchases.markPaid(d.orderId); // an upsert: safe to repeat
    // Queued, not sent inline: the email gets its own retries and its own dead letter.
    await ctx.send(sendReceipt, { purchaseId: d.orderId, email: d.email });
  },
});

export {};
