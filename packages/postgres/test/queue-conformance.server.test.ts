import { queueSuite, runtimeScenarios } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Backend, pgBackend, postgresJsBackend } from './helpers/backends';
import { serverUrl } from './helpers/server';
import { queueFactory } from './queue/queue-backends';
import { postgresQueueHarness } from './queue/queue-harness';

const url = serverUrl();
const runner = { describe, expect, test };

describe.skipIf(!url)('postgresQueue on the PostgreSQL server through a pg Pool', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await pgBackend(url!, 8);
  });
  afterAll(() => backend?.close());
  queueSuite(
    runner,
    queueFactory(() => backend),
  );
  describe('runtime scenarios', () =>
    runtimeScenarios(
      runner,
      postgresQueueHarness(() => backend),
    ));
});

describe.skipIf(!url)('postgresQueue on the PostgreSQL server through postgres.js', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await postgresJsBackend(url!, 8);
  });
  afterAll(() => backend?.close());
  queueSuite(
    runner,
    queueFactory(() => backend),
  );
  describe('runtime scenarios', () =>
    runtimeScenarios(
      runner,
      postgresQueueHarness(() => backend),
    ));
});
