// packages/postgres/src/throttle/throttle-store.ts:31
import { createLifeline } from '@lifeline/core';
import { postgresThrottleStore } from '@lifeline/postgres';
const lifeline = createLifeline({ operations, throttleStore: postgresThrottleStore(sql) });

export {};
