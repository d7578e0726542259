import { queueSuite } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Backend, pgliteBackend } from './helpers/backends';
import { queueFactory } from './queue/queue-backends';

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
