// packages/stripe/src/reconcile-checkouts.ts:62
import { reconcileCheckouts } from '@lifeline/stripe';
const report = await reconcileCheckouts({
  stripe, lifeline, operation: checkout.completed, cursorStore,
  isFulfilled: async (id) => (await db.purchases.findBySession(id))?.status === 'fulfilled',
});

export {};
