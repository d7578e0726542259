// packages/testing/src/index.ts:11
import { describe, expect, test } from 'vitest';
import { postgresDeadLetterStore, postgresIdempotencyStore } from '@lifeline/postgres';
import { deadLetterStoreSuite, faultyMailer, idempotencyStoreSuite } from '@lifeline/testing';

// Every guarantee of the contract, against an implementation (yours, or as here the Postgres stores).
// Tests use random keys, so a shared database is fine.
deadLetterStoreSuite({ describe, expect, test }, () => postgresDeadLetterStore(sql), { concurrency: 10 });
idempotencyStoreSuite({ describe, expect, test }, () => postgresIdempotencyStore(sql));

// A mailer whose first two sends fail with HTTP 503, to watch your operation retry.
const mailer = faultyMailer({ failFirst: 2, status: 503 });

export {};
