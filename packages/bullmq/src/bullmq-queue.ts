import {
  type AttemptResult,
  type CancelResult,
  type CancelTimer,
  type Clock,
  ConfigurationError,
  type Logger,
  type Queue,
  type QueueDrainReport,
  type QueuedEvent,
  QueueRefusedError,
  type QueueWorker,
  silentLogger,
  systemClock,
} from '@lifeline/core';
import { describeError } from '@lifeline/core/adapter';
import { Queue as BullQueue, DelayedError, type Job, type JobsOptions, Worker } from 'bullmq';
import { type JobData, parseJobData } from './job-data';
import { jobIdOf, keyPrefixOf } from './job-id';
import { type BullmqQueueOptions, resolveQueueOptions } from './queue-options';

/** A Lifeline `Queue` whose deliveries are BullMQ jobs in Redis. */
export interface BullmqQueue extends Queue {
  /** Cancels the key's waiting jobs (in any process); a running attempt finishes and is not retried. */
  cancel(idempotencyKey: string): Promise<CancelResult>;
  /** The BullMQ queue underneath, for dashboards and metrics (`getJobCounts`). Add jobs through Lifeline, not here. */
  readonly bullQueue: BullQueue<JobData>;
  /**
   * What this process is doing right now: attempts running, retries being written to Redis, delayed jobs
   * being promoted (virtual clock). A job active in Redis but not `running` here is between Redis and
   * the attempt (being picked up, or its completion being written), or held by another process.
   */
  stats(): { running: number; settling: number; promoting: number };
}

/** How long a cancel mark outlives the attempt it stops (ms): the mark only matters until that attempt ends. */
const CANCEL_MARK_MS = 86_400_000;
/** How often `drain` asks Redis whether work is left (real ms). */
const DRAIN_POLL_MS = 10;
/** On a virtual clock, the longest `enqueue` waits for a local worker to start a due job (real ms). */
const HANDOFF_MS = 1_000;
/**
 * Failures of the adapter itself (Redis unreachable while writing a retry) are retried by BullMQ this
 * many times with exponential backoff; the operation's own retry plan is Lifeline's, not these.
 */
const INFRASTRUCTURE_ATTEMPTS = 20;

const isVirtual = (clock: Clock) => typeof (clock as { advance?: unknown }).advance === 'function';
const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A durable `Queue` on BullMQ 6 and Redis, for apps that outgrow one process without Inngest: every
 * delivery is a BullMQ job; any number of processes with the same `name` and `prefix` run them.
 *
 * Guarantees:
 * - `enqueue` resolves once Redis has the job, and throws `QueueRefusedError` (the Redis error as
 *   `cause`) when it does not, so a webhook route answers non-2xx. The job carries the whole
 *   `QueuedEvent` (every field, including ones added later) and its id is `<key>|<event id>` (see
 *   {@link jobIdOf}): enqueuing one delivery twice adds one job; redrives and re-sends are new jobs.
 * - Lifeline's retry plan, not BullMQ's: a `retry` result moves the job to BullMQ's delayed set for
 *   `delayMs` (the next attempt's number is kept in the job, unchanged for `sameAttempt`); `succeeded`,
 *   `duplicate` and `failed` (already dead-lettered by the runtime) complete the job, which is removed.
 *   Delayed sends (`runAt`) are delayed jobs too. Delays survive restarts: they live in Redis.
 * - A job runs in one worker at a time (BullMQ's lock, renewed while the attempt runs). A job whose worker
 *   died is redelivered by another worker's stalled check once the lock runs out (`lockDurationMs`),
 *   under the same idempotency key and attempt number: the idempotency store answers `duplicate` for an
 *   effect that completed, and a lease blocks a second run while the first may still be going.
 * - `cancel(key)` removes the key's waiting and delayed jobs, from every process; a running attempt is
 *   marked, finishes, and its job is removed instead of retried.
 * - `drain` resolves when Redis holds no waiting, delayed or active job of this queue and nothing runs
 *   here. `close` stops taking jobs, waits up to `timeoutMs` for running attempts, and reports the jobs
 *   still waiting in `pending`: they stay in Redis and run when a worker is next up. An attempt still
 *   running when the time is up is abandoned; its job is redelivered once its lock runs out.
 * - On a virtual clock (tests) delays are kept on the clock: the queue promotes a delayed job when the
 *   clock reaches its time (BullMQ's real-time promotion stays as the fallback), and `enqueue` of a due
 *   job waits until a local worker has started it, so advancing the clock sees the attempt.
 *
 * @example
 * ```ts
 * import IORedis from 'ioredis';
 * const connection = new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
 * const lifeline = createLifeline({
 *   operations: [sendReceipt],
 *   queue: bullmqQueue({ connection, concurrency: 20 }),
 *   idempotency: postgresIdempotencyStore(sql), // shared by every worker process
 * });
 * await lifeline.send(sendReceipt, { purchaseId: 'p_1' });
 * ```
 */
export function bullmqQueue(options: BullmqQueueOptions): BullmqQueue {
  const config = resolveQueueOptions(options);
  const { name, concurrency } = config;
  let clock: Clock = config.clock ?? systemClock();
  let logger: Logger = silentLogger();
  const bullQueue = new BullQueue<JobData>(name, {
    connection: config.connection,
    ...(config.prefix ? { prefix: config.prefix } : {}),
  });
  bullQueue.on('error', (error) =>
    logger.warn('lifeline: bullmqQueue lost Redis; BullMQ reconnects', {
      queue: name,
      error: describeError(error),
    }),
  );
  let worker: QueueWorker | undefined;
  let bullWorker: Worker<JobData> | undefined;
  let closed = false;
  let completed = 0;
  /** Attempts running here (runAttempt not returned yet), by job id. */
  const running = new Map<string, QueuedEvent>();
  /** Results being written to Redis here (a retry's move to delayed, a cancel check). */
  const settling = new Set<Promise<unknown>>();
  /** Virtual clock only: timers that promote delayed jobs when the clock reaches their time. */
  const promotions = new Map<string, CancelTimer>();
  /** Virtual clock only: enqueues waiting for a local worker to start their job. */
  const handoffs = new Map<string, () => void>();
  let promoting = 0;
  /** `close` waiting for running attempts to end. */
  const runningWaiters = new Set<() => void>();

  const jobOptions = (jobId: string, delay: number): JobsOptions => ({
    jobId,
    delay,
    removeOnComplete: true,
    removeOnFail: false,
    attempts: INFRASTRUCTURE_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1_000 },
  });
  const cancelMark = (jobId: string) => bullQueue.toKey(`lifeline-cancelled:${jobId}`);

  function promoteOnClock(jobId: string, delayMs: number) {
    if (!isVirtual(clock) || closed) return;
    promotions.get(jobId)?.();
    promotions.set(
      jobId,
      clock.setTimer(() => {
        promotions.delete(jobId);
        if (closed) return;
        // Not delayed any more (cancelled, or promoted by BullMQ already): nothing to do.
        promoting++;
        void bullQueue
          .getJob(jobId)
          .then((job) => job?.promote())
          .catch(() => {})
          .finally(() => promoting--);
      }, delayMs),
    );
  }

  async function processJob(job: Job<JobData>, token?: string): Promise<string> {
    const jobId = job.id!;
    const { event, attempt } = parseJobData(job.data, jobId);
    handoffs.get(jobId)?.();
    running.set(jobId, event);
    let result: AttemptResult;
    try {
      result = await worker!.runAttempt(event, attempt);
    } catch (error) {
      // runAttempt never throws by contract; if a custom worker does, retry rather than lose the job.
      result = { status: 'retry', delayMs: 1_000, error };
    } finally {
      running.delete(jobId);
      for (const check of runningWaiters) check();
    }
    if (result.status !== 'retry') {
      completed++;
      return result.status;
    }
    const writing = retryLater(job, token, event, result.sameAttempt ? attempt : attempt + 1, result.delayMs);
    settling.add(writing);
    try {
      await writing;
    } finally {
      settling.delete(writing);
    }
    throw new DelayedError();
  }

  /** Moves `job` to the delayed set for its next attempt, unless it was cancelled while running. */
  async function retryLater(
    job: Job<JobData>,
    token: string | undefined,
    event: QueuedEvent,
    next: number,
    delayMs: number,
  ) {
    const jobId = job.id!;
    const delay = Math.max(0, delayMs);
    await job.updateData({ event, attempt: next });
    await job.moveToDelayed(Date.now() + delay, token);
    // A cancel that came while the attempt ran marked the job: drop it instead of retrying. Read after the
    // move, so a cancel that raced the move is seen too.
    const client = await bullQueue.getBackend().client;
    if ((await client.get(cancelMark(jobId))) !== null) {
      await bullQueue.remove(jobId).catch(() => 0);
      await client.del(cancelMark(jobId));
      completed++;
      return;
    }
    promoteOnClock(jobId, delay);
  }

  function startWorker() {
    bullWorker = new Worker<JobData>(name, processJob, {
      connection: config.connection,
      ...(config.prefix ? { prefix: config.prefix } : {}),
      concurrency,
      lockDuration: config.lockDurationMs,
      stalledInterval: config.stalledIntervalMs,
      maxStalledCount: config.maxStalledCount,
    });
    bullWorker.on('failed', (job, error) => {
      if (!job || job.attemptsMade < INFRASTRUCTURE_ATTEMPTS) return;
      logger.error("lifeline: bullmqQueue gave up on a job; it stays in BullMQ's failed set", {
        queue: name,
        jobId: job.id,
        error: describeError(error),
      });
    });
    bullWorker.on('error', (error) =>
      logger.warn('lifeline: bullmqQueue worker error; BullMQ retries', {
        queue: name,
        error: describeError(error),
      }),
    );
  }

  async function enqueue(event: QueuedEvent): Promise<void> {
    if (closed)
      throw new QueueRefusedError(
        `bullmqQueue "${name}" is closed; "${event.name}" (${event.idempotencyKey}) was not accepted`,
      );
    const jobId = jobIdOf(event);
    const delay = Math.max(0, (event.runAt ?? 0) - clock.now());
    const handoff =
      delay === 0 && bullWorker && isVirtual(clock) && running.size + handoffs.size < concurrency
        ? new Promise<void>((resolve) => {
            const timer = setTimeout(done, HANDOFF_MS);
            function done() {
              clearTimeout(timer);
              handoffs.delete(jobId);
              resolve();
            }
            handoffs.set(jobId, done);
          })
        : undefined;
    try {
      await bullQueue.add(event.name, { event, attempt: 1 }, jobOptions(jobId, delay));
    } catch (error) {
      handoffs.get(jobId)?.();
      throw new QueueRefusedError(
        `bullmqQueue "${name}" could not add "${event.name}" (idempotency key ${event.idempotencyKey}) to Redis: ${describeError(error)}. Nothing was queued; answer non-2xx so the sender retries.`,
        { cause: error },
      );
    }
    if (delay > 0) promoteOnClock(jobId, delay);
    await handoff;
  }

  /** The jobs of this queue still waiting in Redis (at most 1,000), as events. */
  async function pendingReport(): Promise<QueueDrainReport> {
    try {
      const jobs = await bullQueue.getJobs(['wait', 'prioritized', 'delayed', 'active'], 0, 999);
      return { completed, pending: jobs.map((job) => parseJobData(job.data, job.id).event) };
    } catch (error) {
      logger.warn('lifeline: bullmqQueue could not read what is left', {
        queue: name,
        error: describeError(error),
      });
      return { completed, pending: [...running.values()] };
    }
  }

  async function settleNow() {
    while (settling.size > 0) await Promise.allSettled([...settling]);
  }

  return {
    bullQueue,
    stats: () => ({ running: running.size, settling: settling.size, promoting }),
    start(w, context) {
      if (worker && worker !== w)
        throw new ConfigurationError(
          `bullmqQueue "${name}" is already started by another Lifeline; create one queue per createLifeline()`,
        );
      if (worker) return;
      worker = w;
      if (!config.clock && context) clock = context.clock;
      if (context) logger = context.logger;
      if (config.consume) startWorker();
    },
    enqueue,
    async cancel(idempotencyKey) {
      await settleNow();
      const prefix = keyPrefixOf(idempotencyKey);
      const ofKey = (ids: string[]) => ids.filter((id) => id.startsWith(prefix));
      let cancelled = 0;
      let runningSomewhere = [...running.values()].some((event) => event.idempotencyKey === idempotencyKey);
      const client = await bullQueue.getBackend().client;
      for (const jobId of ofKey(await bullQueue.getRanges(['wait', 'prioritized', 'delayed'], 0, -1))) {
        if ((await bullQueue.remove(jobId)) === 1) {
          cancelled++;
          promotions.get(jobId)?.();
          promotions.delete(jobId);
          continue;
        }
        // Locked: a worker took it meanwhile. Mark it so that worker does not retry it.
        await client.set(cancelMark(jobId), '1', { PX: CANCEL_MARK_MS });
        runningSomewhere = true;
      }
      for (const jobId of ofKey(await bullQueue.getRanges(['active'], 0, -1))) {
        await client.set(cancelMark(jobId), '1', { PX: CANCEL_MARK_MS });
        runningSomewhere = true;
      }
      return { cancelled, running: runningSomewhere };
    },
    async drain() {
      if (!worker || !config.consume || closed) return pendingReport();
      for (;;) {
        await settleNow();
        const counts = await bullQueue.getJobCounts('wait', 'prioritized', 'delayed', 'active');
        const left = Object.values(counts).reduce((a, b) => a + b, 0);
        if (left === 0 && running.size === 0 && settling.size === 0) return { completed, pending: [] };
        await realSleep(DRAIN_POLL_MS);
      }
    },
    async close({ timeoutMs = 30_000 } = {}) {
      closed = true;
      for (const cancelTimer of promotions.values()) cancelTimer();
      promotions.clear();
      let timedOut = false;
      if (bullWorker) {
        await bullWorker.pause(true);
        if (running.size > 0) {
          await new Promise<void>((resolve) => {
            const cancelTimer = clock.setTimer(() => {
              timedOut = true;
              finish();
            }, timeoutMs);
            function check() {
              if (running.size === 0) finish();
            }
            function finish() {
              cancelTimer();
              runningWaiters.delete(check);
              resolve();
            }
            runningWaiters.add(check);
          });
        }
        if (!timedOut) await settleNow();
        await bullWorker.close(timedOut);
      }
      const report = await pendingReport();
      await bullQueue.close();
      return report;
    },
  };
}
