// packages/stripe/src/stripe-event-schema.ts:22
import { stripeEventSchema } from '@lifeline/stripe';
const payload = stripeEventSchema.parse({ id: 'evt_1', type: 'checkout.session.completed', created: 1767225600, data: { object: { id: 'cs_1' } } });

export {};
