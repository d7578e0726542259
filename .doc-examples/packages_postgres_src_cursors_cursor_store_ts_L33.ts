// packages/postgres/src/cursors/cursor-store.ts:33
import { postgresCursorStore } from '@lifeline/postgres';
import { reconcileCheckouts } from '@lifeline/stripe';
const cursorStore = postgresCursorStore(sql);
await reconcileCheckouts({ stripe, lifeline, operation, isFulfilled, cursorStore });

export {};
