// packages/testing/src/dead-letter-store-suite.ts:24
import { deadLetterStoreSuite } from '@lifeline/testing';
import { postgresDeadLetterStore } from '@lifeline/postgres';
import { describe, expect, test } from 'vitest';
deadLetterStoreSuite({ describe, expect, test }, () => postgresDeadLetterStore(sql), { concurrency: 10 });

export {};
