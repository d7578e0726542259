// packages/postgres/src/idempotency/idempotency-store.ts:60
import { createLifeline } from '@lifeline/core';
import { postgresIdempotencyStore } from '@lifeline/postgres';
const idempotency = postgresIdempotencyStore(sql);
const lifeline = createLifeline({ operations, idempotency });

export {};
