import type { VirtualClock } from '@lifeline/core';
import { postgresQueue } from '../../src/index';
import type { Backend } from '../helpers/backends';

/** A fresh queue name per test, so tests sharing one schema never claim each other's jobs. */
export const queueName = () => `q_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

/** The factory `queueSuite` takes: a postgresQueue on `backend()`'s schema, on the suite's clock. */
export function queueFactory(backend: () => Backend, concurrency = 4) {
  return (clock: VirtualClock) =>
    postgresQueue({
      sql: backend().sql,
      schema: backend().schema,
      name: queueName(),
      clock,
      concurrency,
      notify: false,
      // One process: enqueue wakes the worker itself, so polling only costs time on the virtual clock.
      pollMs: 30_000,
    });
}
