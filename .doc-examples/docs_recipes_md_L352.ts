// docs/recipes.md:352
import { findOrphanFulfilments } from '@lifeline/stripe';
const yesterday = new Date(Date.now() - 86_400_000);
const { orphans } = await findOrphanFulfilments({ stripe, fulfilledSessionIds: await db.purchases.sessionIdsSince(yesterday) });
for (const orphan of orphans) console.warn(`fulfilled but ${orphan.reason}: ${orphan.sessionId}`);

export {};
