// packages/stripe/src/webhook-handler.ts:26
import { stripeWebhookHandler } from '@lifeline/stripe';
// app/api/webhooks/stripe/route.ts (Next.js)
export const POST = stripeWebhookHandler({
  stripe, secret: process.env.STRIPE_WEBHOOK_SECRET!, lifeline,
  events: checkout.events,
});

export {};
