import { afterAll, beforeAll } from 'vitest';
import { type Backend, pgliteBackend } from './helpers/backends';
import { conformanceSuites } from './helpers/conformance';

let backend: Backend;
beforeAll(async () => {
  backend = await pgliteBackend();
});
afterAll(() => backend?.close());

// PGlite is one connection: "concurrent" calls queue, which still proves each is one atomic statement.
conformanceSuites(() => backend, { concurrency: 10 });
