// docs/recipes.md:315
import { reconcileCheckouts } from '@lifeline/stripe';
const report = await reconcileCheckouts({
  stripe,
  lifeline,
  operation: checkout.completed, // idempotent per session: a re-send of a fulfilled session does nothing
  isFulfilled, // your source of truth, e.g. "select status from purchases where session_id = $1" is 'paid'
  cursorStore, // postgresCursorStore(sql): the next run starts where this one stopped
});
console.log(`${report.checked} checked, ${report.missing.length} missing, ${report.resent} re-sent`);

export {};
