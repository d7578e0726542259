// packages/postgres/src/index.ts:11
import { createLifeline } from '@lifeline/core';
import { migrate, openPglite, postgresDeadLetterStore, postgresIdempotencyStore,
  postgresOperationLog, postgresThrottleStore } from '@lifeline/postgres';

const { sql } = await openPglite({ dataDir: './.lifeline-data' }); // or pgPoolClient(new pg.Pool(…))
await migrate(sql);
const lifeline = createLifeline({
  operations: [sendReceipt],
  deadLetters: postgresDeadLetterStore(sql),
  idempotency: postgresIdempotencyStore(sql),
  log: postgresOperationLog(sql),
  throttleStore: postgresThrottleStore(sql),
});

export {};
