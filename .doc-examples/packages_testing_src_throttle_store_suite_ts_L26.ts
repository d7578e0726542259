// packages/testing/src/throttle-store-suite.ts:26
import { postgresThrottleStore } from '@lifeline/postgres';
import { throttleStoreSuite } from '@lifeline/testing';
import { describe, expect, test } from 'vitest';
throttleStoreSuite({ describe, expect, test }, () => postgresThrottleStore(sql));

export {};
