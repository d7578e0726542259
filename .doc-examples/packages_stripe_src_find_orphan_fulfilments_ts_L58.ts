// packages/stripe/src/find-orphan-fulfilments.ts:58
import { findOrphanFulfilments } from '@lifeline/stripe';
const yesterday = new Date(Date.now() - 86_400_000);
const { orphans } = await findOrphanFulfilments({ stripe, fulfilledSessionIds: await db.purchases.sessionIdsSince(yesterday) });

export {};
