import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';

/**
 * BullMQ 6.7 on the local Redis, for context (not a goal): the same shape of run as the other two
 * sides, `concurrency` producers calling `queue.add` and one Worker with `concurrency` running no-op
 * jobs, removed on completion. Redis keeps jobs in memory (durable only as far as its AOF/RDB
 * settings go), so it is no floor for a Postgres queue, only a figure users know.
 */
export async function bullmqReference(redisUrl: string) {
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  await connection.ping();
  const name = `lifeline-bench-${crypto.randomUUID().slice(0, 8)}`;
  const queue = new Queue(name, { connection });

  return {
    /** Runs `total` no-op jobs end to end; resolves with the ms from the first add to the last completion. */
    async run(total: number, concurrency: number): Promise<number> {
      let completed = 0;
      let finish: () => void = () => {};
      const allDone = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const workerConnection = connection.duplicate({ maxRetriesPerRequest: null });
      const worker = new Worker(name, async () => {}, {
        connection: workerConnection,
        concurrency,
        autorun: false,
      });
      worker.on('completed', () => {
        if (++completed === total) finish();
      });
      void worker.run();
      await worker.waitUntilReady();
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
      // A Worker does not close a connection it was given.
      workerConnection.disconnect();
      return elapsed;
    },
    async close() {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    },
  };
}
