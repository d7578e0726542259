// packages/testing/src/idempotency-store-suite.ts:24
import { idempotencyStoreSuite } from '@lifeline/testing';
import { postgresIdempotencyStore } from '@lifeline/postgres';
import { describe, expect, test } from 'vitest';
idempotencyStoreSuite({ describe, expect, test }, () => postgresIdempotencyStore(sql));

export {};
