import { createLifeline, defineOperation, type IdempotencyStore, silentLogger } from '@lifeline/core';
import type IORedis from 'ioredis';
import { z } from 'zod';
import { bullmqQueue } from '../src/index';

/**
 * One measured run of Lifeline on `bullmqQueue`, wired as a user would: `lifeline.send` → a BullMQ job,
 * a worker with `concurrency` slots, a no-op operation run through the runtime (validation, idempotency
 * claim and completion, operation log). `concurrency` producers send `total` events; resolves with the
 * ms from the first send until `drain()` says Redis holds no job of the queue and nothing runs.
 * `idempotency`: the store to use (default the in-memory one, so the run measures queue and runtime).
 */
export async function runLifelineOnBullmq(options: {
  connection: IORedis;
  prefix: string;
  total: number;
  concurrency: number;
  tag: string;
  idempotency?: IdempotencyStore;
}): Promise<number> {
  const { connection, prefix, total, concurrency, tag } = options;
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
  const queue = bullmqQueue({ connection, prefix, name: `lifeline-${tag}`, concurrency });
  const lifeline = createLifeline({
    operations: [noop],
    queue,
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    logger: silentLogger(),
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    let sent = 0;
    const producer = async () => {
      while (sent < total) await lifeline.send(noop, { n: sent++ });
    };
    await Promise.all(Array.from({ length: concurrency }, producer));
    await lifeline.drain();
    const ms = performance.now() - started;
    if (ran !== total)
      throw new Error(`bullmqQueue ran ${ran} of ${total} operations before drain() resolved`);
    return ms;
  } finally {
    await lifeline.close({ timeoutMs: 5_000 });
  }
}
