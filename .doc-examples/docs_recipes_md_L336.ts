// docs/recipes.md:336
import { RECONCILE_CRON, RECONCILE_EVERY_MS, reconcileOperation } from '@lifeline/stripe';
import { cron } from 'inngest';

const reconcile = reconcileOperation({ stripe, operation: checkout.completed, isFulfilled, cursorStore });
export const reconcileCron = inngest.createFunction(
  { id: 'reconcile-checkouts', triggers: [cron(RECONCILE_CRON)] },
  async () => {
    const slot = Math.floor(Date.now() / RECONCILE_EVERY_MS) * RECONCILE_EVERY_MS;
    await lifeline.send(reconcile, { scheduledFor: slot }); // one run per slot, however many instances
  },
);

export {};
