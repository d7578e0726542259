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
import { describe, expect, test } from 'vitest';
import {
  postgresAlertStore,
  postgresBulkJobStore,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresIncidentStore,
  postgresOperationLog,
  postgresThrottleStore,
} from '../../src/index';
import type { Backend } from './backends';

/**
 * Registers every conformance suite of `@lifeline/testing` against the stores on `backend()`, which is
 * set up by the test file's `beforeAll`. The suites use random keys, so one schema per file is enough.
 */
export function conformanceSuites(backend: () => Backend, options: { concurrency: number }): void {
  const runner = { describe, expect, test };
  deadLetterStoreSuite(runner, () => postgresDeadLetterStore(backend().sql, { schema: backend().schema }), {
    concurrency: options.concurrency,
  });
  idempotencyStoreSuite(runner, () => postgresIdempotencyStore(backend().sql, { schema: backend().schema }), {
    concurrency: options.concurrency * 2,
  });
  operationLogSuite(runner, () => postgresOperationLog(backend().sql, { schema: backend().schema }));
  throttleStoreSuite(runner, () => postgresThrottleStore(backend().sql, { schema: backend().schema }));
  deadLetterTriageSuite(runner, () => postgresDeadLetterStore(backend().sql, { schema: backend().schema }));
  alertStoreSuite(runner, () => postgresAlertStore(backend().sql, { schema: backend().schema }));
  incidentStoreSuite(runner, () => postgresIncidentStore(backend().sql, { schema: backend().schema }), {
    concurrency: options.concurrency,
  });
  bulkJobStoreSuite(runner, () => postgresBulkJobStore(backend().sql, { schema: backend().schema }), {
    concurrency: options.concurrency,
  });
}
