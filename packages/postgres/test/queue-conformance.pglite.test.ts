import { queueSuite, runtimeScenarios } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Backend, pgliteBackend } from './helpers/backends';
import { queueFactory } from './queue/queue-backends';
import { postgresQueueHarness } from './queue/queue-harness';

// One PGlite instance for the file (creating one takes seconds); each test uses its own queue name.
let backend: Backend;
beforeAll(async () => {
  backend = await pgliteBackend();
});
afterAll(() => backend?.close());

describe('postgresQueue on PGlite', () => {
  queueSuite(
    { describe, expect, test },
    queueFactory(() => backend),
  );
});

describe('postgresQueue on PGlite, concurrency 1', () => {
  queueSuite(
    { describe, expect, test },
    queueFactory(() => backend, 1),
  );
});

describe('runtime scenarios on postgresQueue + Postgres stores, PGlite', () => {
  runtimeScenarios(
    { test, expect },
    postgresQueueHarness(() => backend),
  );
});
