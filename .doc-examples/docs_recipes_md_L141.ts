// docs/recipes.md:141
// app/api/webhooks/stripe/route.ts (Next.js App Router)
import { handleStripeWebhook } from '@/lib/lifeline';

export const runtime = 'nodejs';
export const POST = handleStripeWebhook;

export {};
