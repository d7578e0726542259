import { Queue, Worker } from 'bullmq';
import type IORedis from 'ioredis';

/**
 * Bare BullMQ 6.7, the reference: `concurrency` producers calling `queue.add` and one Worker with
 * `concurrency` running no-op jobs, removed on completion (the same shape of run as the Lifeline side).
 */
export async function runBareBullmq(options: {
  connection: IORedis;
  prefix: string;
  total: number;
  concurrency: number;
  tag: string;
}): Promise<number> {
  const { connection, prefix, total, concurrency, tag } = options;
  const name = `bare-${tag}`;
  const queue = new Queue(name, { connection, prefix });
  let completed = 0;
  let finish: () => void = () => {};
  const allDone = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const worker = new Worker(name, async () => {}, { connection, prefix, concurrency });
  worker.on('completed', () => {
    if (++completed === total) finish();
  });
  await worker.waitUntilReady();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  let produced = 0;
  const producer = async () => {
    while (produced < total) {
      const n = produced++;
      await queue.add('noop', { n }, { removeOnComplete: true, removeOnFail: true });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, producer));
  await allDone;
  const elapsed = performance.now() - started;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return elapsed;
}
