// docs/concepts.md:117
import { PermanentError, RetryAfterError, defineOperation } from '@lifeline/core';
import { z } from 'zod';
const notifyPartner = defineOperation({
  name: 'partner/order.notify',
  kind: 'webhook',
  schema: z.object({ orderId: z.string() }),
  retry: { attempts: 5 },
  run: async (d, ctx) => {
    const response = await fetch('https://partner.example.com/orders', {
      method: 'POST',
      body: JSON.stringify(d),
      signal: ctx.signal,
    });
    if (response.status === 422) throw new PermanentError(`partner rejected order ${d.orderId}`);
    if (response.status === 429) throw new RetryAfterError('partner rate limit', 30_000);
    if (!response.ok) throw Object.assign(new Error(`partner answered ${response.status}`), { status: response.status });
  },
});

export {};
