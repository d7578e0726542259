import { runtimeScenarios } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Backend, pgliteBackend } from './helpers/backends';
import { postgresQueueHarness } from './queue/queue-harness';

let backend: Backend;
beforeAll(async () => {
  backend = await pgliteBackend();
});
afterAll(() => backend?.close());

describe('runtime scenarios on postgresQueue + Postgres stores, PGlite', () => {
  runtimeScenarios(
    { test, expect },
    postgresQueueHarness(() => backend),
  );
});
