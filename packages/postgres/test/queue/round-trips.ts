import { createLifeline, defineOperation, memoryAlerter, silentLogger } from '@lifeline/core';
import { z } from 'zod';
import {
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresQueue,
} from '../../src/index';
import type { Backend } from '../helpers/backends';
import { countingSql } from '../helpers/counting-sql';
import { queueName } from './queue-backends';

/** What {@link measureRoundTrips} found. */
export interface RoundTripReport {
  concurrency: number;
  operations: number;
  roundTrips: number;
  perOperation: number;
  /** Wall time of the counted part: an idle worker polls once per `pollMs` (1 s) on top. */
  elapsedMs: number;
  byStatement: Record<string, number>;
}

/**
 * Runs `operations` no-op operations through lifeline.send → postgresQueue → the Postgres stores, all on
 * one counting SqlClient, with `concurrency` senders each waiting for its operation to finish before
 * sending the next (a closed loop); counts every statement from the first send until drain() resolved.
 */
export async function measureRoundTrips(
  backend: Backend,
  options: { operations: number; concurrency: number },
): Promise<RoundTripReport> {
  const counted = countingSql(backend.sql);
  const { sql } = counted;
  const { schema } = backend;
  const waiting = new Map<string, () => void>();
  const run = globalThis.crypto.randomUUID().slice(0, 8);
  const noop = defineOperation({
    name: 'bench/noop',
    kind: 'job',
    schema: z.object({ n: z.number() }),
    idempotencyKey: (d) => `noop:${run}:${d.n}`,
    run: async () => {},
  });
  const lifeline = createLifeline({
    operations: [noop],
    logger: silentLogger(),
    alerter: memoryAlerter(),
    queue: postgresQueue({ sql, schema, name: queueName(), concurrency: options.concurrency }),
    deadLetters: postgresDeadLetterStore(sql, { schema }),
    idempotency: postgresIdempotencyStore(sql, { schema }),
    log: postgresOperationLog(sql, { schema }),
    hooks: {
      onAttempt: (record) => {
        waiting.get(record.idempotencyKey)?.();
        waiting.delete(record.idempotencyKey);
      },
    },
  });
  let next = 0;
  const runOne = async (n: number) => {
    const done = new Promise<void>((resolve) => waiting.set(`noop:${run}:${n}`, resolve));
    await lifeline.send(noop, { n });
    await done;
  };
  // Warm up (statement plans, pool connections), then count.
  for (let i = 0; i < options.concurrency * 2; i++) await runOne(next++);
  await lifeline.drain();
  counted.reset();
  const started = performance.now();
  let left = options.operations;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (left > 0) {
        left--;
        await runOne(next++);
      }
    }),
  );
  await lifeline.drain();
  const roundTrips = counted.count();
  const elapsedMs = performance.now() - started;
  await lifeline.close();
  return {
    concurrency: options.concurrency,
    operations: options.operations,
    roundTrips,
    perOperation: roundTrips / options.operations,
    elapsedMs,
    byStatement: counted.byStatement(),
  };
}
