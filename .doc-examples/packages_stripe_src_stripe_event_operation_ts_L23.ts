// packages/stripe/src/stripe-event-operation.ts:23
import { stripeEventOperation, stripeWebhookHandler } from '@lifeline/stripe';
declare function revokeAccess(chargeId: string): Promise<void>; // your app's code

const refunded = stripeEventOperation({
  name: 'stripe/charge.refunded',
  run: async (event, ctx) => { await revokeAccess(event.data.object.id as string) },
});
const handler = stripeWebhookHandler({
  stripe, secret: process.env.STRIPE_WEBHOOK_SECRET!, lifeline, events: { 'charge.refunded': refunded },
});

export {};
