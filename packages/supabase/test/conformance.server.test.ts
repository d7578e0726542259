import {
  deadLetterStoreSuite,
  deadLetterTriageSuite,
  idempotencyStoreSuite,
  operationLogSuite,
  throttleStoreSuite,
} from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  supabaseDeadLetterStore,
  supabaseIdempotencyStore,
  supabaseOperationLog,
  supabaseThrottleStore,
} from '../src/index';
import { serverUrl } from './helpers/server';
import { type SupabaseWorld, supabaseWorld } from './helpers/world';

const url = serverUrl();
let world: SupabaseWorld;

describe.skipIf(!url)(
  'supabase-js stores as service_role, through the PostgREST stand-in, on the PostgreSQL server',
  () => {
    beforeAll(async () => {
      world = await supabaseWorld(url!);
    });
    afterAll(() => world?.close());

    const runner = { describe, expect, test };
    const service = () => world.clients.serviceRole;
    deadLetterStoreSuite(runner, () => supabaseDeadLetterStore(service()), { concurrency: 10 });
    deadLetterTriageSuite(runner, () => supabaseDeadLetterStore(service()));
    idempotencyStoreSuite(runner, () => supabaseIdempotencyStore(service()), { concurrency: 20 });
    operationLogSuite(runner, () => supabaseOperationLog(service()));
    throttleStoreSuite(runner, () => supabaseThrottleStore(service()));
  },
);
