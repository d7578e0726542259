/**
 * `@lifeline/bullmq`: a Lifeline `Queue` on BullMQ 6 and Redis, for apps that outgrow one process
 * without Inngest.
 *
 * Every delivery is a BullMQ job carrying the whole event; Lifeline's retry plan (backoff,
 * Retry-After, throttle waits) runs as delayed jobs, delayed sends too; any number of worker processes
 * share the work; a job whose worker died is redelivered under the same idempotency key, so with a
 * shared idempotency store (Postgres) its effect still happens once.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/bullmq bullmq ioredis
 * ```
 *
 * ```ts
 * import IORedis from 'ioredis';
 * import { createLifeline } from '@lifeline/core';
 * import { bullmqQueue } from '@lifeline/bullmq';
 *
 * const connection = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
 * const lifeline = createLifeline({
 *   operations: [sendReceipt],
 *   queue: bullmqQueue({ connection, name: 'shop', concurrency: 20 }),
 * });
 * await lifeline.send(sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });
 * ```
 *
 * @module
 */
export { type BullmqQueue, bullmqQueue } from './bullmq-queue';
export type { JobData } from './job-data';
export { jobIdOf } from './job-id';
export type { BullmqQueueOptions } from './queue-options';
