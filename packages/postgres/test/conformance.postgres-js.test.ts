import { afterAll, beforeAll, describe } from 'vitest';
import { type Backend, postgresJsBackend } from './helpers/backends';
import { conformanceSuites } from './helpers/conformance';
import { serverUrl } from './helpers/server';

const url = serverUrl();
let backend: Backend;

describe.skipIf(!url)('on the PostgreSQL server through postgres.js (12 connections)', () => {
  beforeAll(async () => {
    backend = await postgresJsBackend(url!, 12);
  });
  afterAll(() => backend?.close());
  conformanceSuites(() => backend, { concurrency: 12 });
});
