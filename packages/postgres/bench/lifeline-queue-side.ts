import { createLifeline, defineOperation, silentLogger } from '@lifeline/core';
import type pg from 'pg';
import { z } from 'zod';
import {
  pgListener,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresQueue,
} from '../src/index';
import type { countingSqlClient, SqlCounts } from './counting-sql-client';

/**
 * One measured run of `postgresQueue` wired as a user would: `lifeline.send` → the jobs table, a worker
 * with `concurrency` slots woken by LISTEN/NOTIFY, the Postgres idempotency store and operation log
 * (and dead-letter store), a no-op operation. `concurrency` producers send `total` events; resolves with
 * the ms from the first send until `drain()` says every job is finished (run, completed and removed),
 * and what `sql` counted meanwhile: every store and the queue talk through it, so that is the whole cost.
 */
export async function runLifelineQueue(options: {
  pool: pg.Pool;
  sql: ReturnType<typeof countingSqlClient>;
  schema: string;
  total: number;
  concurrency: number;
  tag: string;
}): Promise<{ ms: number; counts: SqlCounts }> {
  const { pool, sql, schema, total, concurrency, tag } = options;
  let ran = 0;
  const noop = defineOperation({
    name: 'bench/noop',
    kind: 'job',
    schema: z.object({ n: z.number().int() }),
    idempotencyKey: (data) => `bench:${tag}:${data.n}`,
    run: async () => {
      ran++;
    },
  });
  const lifeline = createLifeline({
    operations: [noop],
    queue: postgresQueue({ sql, schema, name: `bench-${tag}`, concurrency, listen: pgListener(pool) }),
    idempotency: postgresIdempotencyStore(sql, { schema }),
    log: postgresOperationLog(sql, { schema }),
    deadLetters: postgresDeadLetterStore(sql, { schema }),
    logger: silentLogger(),
  });
  try {
    // Let the worker connect its listener and find the queue empty before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 200));
    sql.reset();
    const started = performance.now();
    let sent = 0;
    const producer = async () => {
      while (sent < total) await lifeline.send(noop, { n: sent++ });
    };
    await Promise.all(Array.from({ length: concurrency }, producer));
    await lifeline.drain();
    const ms = performance.now() - started;
    const { roundTrips, commits, byStatement } = sql.counts();
    if (ran !== total)
      throw new Error(`postgresQueue ran ${ran} of ${total} operations before drain() resolved`);
    return { ms, counts: { roundTrips, commits, byStatement: new Map(byStatement) } };
  } finally {
    await lifeline.close({ timeoutMs: 5_000 });
  }
}
