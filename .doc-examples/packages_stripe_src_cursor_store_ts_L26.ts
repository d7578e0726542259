// packages/stripe/src/cursor-store.ts:26
import { memoryCursorStore, reconcileCheckouts } from '@lifeline/stripe';
const cursors = memoryCursorStore();
await reconcileCheckouts({ stripe, lifeline, operation: checkout.completed, isFulfilled, cursorStore: cursors });

export {};
