import {
  alertStoreSuite,
  bulkJobStoreSuite,
  deadLetterStoreSuite,
  deadLetterTriageSuite,
  idempotencyStoreSuite,
  incidentStoreSuite,
  operationLogSuite,
  throttleStoreSuite,
} from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  supabaseAlertStore,
  supabaseBulkJobStore,
  supabaseDeadLetterStore,
  supabaseIdempotencyStore,
  supabaseIncidentStore,
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
    alertStoreSuite(runner, () => supabaseAlertStore(service()));
    incidentStoreSuite(runner, () => supabaseIncidentStore(service()), { concurrency: 10 });
    bulkJobStoreSuite(runner, () => supabaseBulkJobStore(service()), { concurrency: 10 });
    idempotencyStoreSuite(runner, () => supabaseIdempotencyStore(service()), { concurrency: 20 });
    operationLogSuite(runner, () => supabaseOperationLog(service()));
    throttleStoreSuite(runner, () => supabaseThrottleStore(service()));
  },
);
