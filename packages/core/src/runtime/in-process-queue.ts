import type { Clock } from '../clock/clock';
import { systemClock } from '../clock/system-clock';
import type { Logger } from '../contracts/logger';
import type { CancelResult, Queue, QueueDrainReport, QueuedEvent, QueueWorker } from '../contracts/queue';
import { ConfigurationError, QueueRefusedError } from '../errors/state-errors';

/** Options for {@link inProcessQueue}. */
export interface InProcessQueueOptions {
  /** Most attempts running at once; default 10. */
  concurrency?: number;
  /** Most events accepted but not finished (queued, running or waiting to retry) before `enqueue` refuses; default unlimited. */
  maxPending?: number;
  /** Default: the clock `createLifeline` passes (its own clock). */
  clock?: Clock;
}

/** What `enqueue` answers once the event is accepted: one settled promise, shared (nothing to allocate). */
const ACCEPTED: Promise<void> = Promise.resolve();

interface Job {
  event: QueuedEvent;
  attempt: number;
  /** Set by `cancel` while this job's attempt runs: it is not retried. */
  cancelled: boolean;
}

/**
 * Runs operations in this process: a concurrency limit, retry delays scheduled on the clock, graceful
 * `drain()` and `close()`.
 *
 * **Not durable across a crash**: work that is queued, running or waiting for a retry lives in memory and
 * is lost if the process dies. For durability, send through the transactional outbox of
 * `@lifeline/postgres` (work is committed with your data and re-sent after a crash) or run on Inngest
 * (`@lifeline/inngest`). Fine for tests, development and single-node apps that accept that risk.
 *
 * Guarantees: `enqueue` refuses (throws `QueueRefusedError`) after `close()` or beyond `maxPending`;
 * attempts of one event never overlap; every accepted event runs until its result is final, unless the
 * queue is closed first (then it is reported in `pending`). An event with `runAt` waits for it on the
 * clock. `cancel(key)` drops the key's waiting work; a running attempt of it finishes and is not retried.
 */
export function inProcessQueue(options: InProcessQueueOptions = {}): Queue & {
  /** Drops the key's waiting work; a running attempt finishes and is not retried. */
  cancel(idempotencyKey: string): Promise<CancelResult>;
  /** Attempts running, events ready to start, and events waiting for a retry delay. */
  stats(): { running: number; ready: number; waiting: number };
} {
  const concurrency = options.concurrency ?? 10;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError(
      `inProcessQueue: concurrency must be an integer >= 1, got ${String(options.concurrency)}`,
    );
  }
  const maxPending = options.maxPending ?? Number.POSITIVE_INFINITY;
  let clock: Clock = options.clock ?? systemClock();
  let logger: Logger | undefined;
  let worker: QueueWorker | undefined;
  let closed = false;
  let completed = 0;
  // A deque of ready jobs: an array with a moving head, compacted now and then.
  let ready: Job[] = [];
  let head = 0;
  const waiting = new Map<Job, () => void>();
  // Jobs whose attempt runs now (at most `concurrency`): `cancel` marks those of its key.
  const runningJobs = new Set<Job>();
  let idleWaiters: Array<() => void> = [];
  let pumpScheduled = false;

  // Work starts on the next turn of the event loop, not inside `enqueue`: the caller (a webhook
  // route) gets its answer without paying for the attempt, and bursts of sends start together.
  function schedulePump() {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => {
      pumpScheduled = false;
      pump();
    });
  }

  const readyCount = () => ready.length - head;
  const pendingCount = () => readyCount() + runningJobs.size + waiting.size;

  function notifyIfIdle() {
    if (pendingCount() > 0 || idleWaiters.length === 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function pump() {
    while (runningJobs.size < concurrency && readyCount() > 0 && !closed) {
      const job = ready[head]!;
      ready[head++] = undefined as never;
      if (head > 1024 && head * 2 > ready.length) {
        ready = ready.slice(head);
        head = 0;
      }
      runningJobs.add(job);
      void execute(job);
    }
  }

  async function execute(job: Job) {
    const result = await worker!.runAttempt(job.event, job.attempt);
    runningJobs.delete(job);
    if (result.status === 'retry' && !job.cancelled) {
      const next: Job = {
        event: job.event,
        attempt: result.sameAttempt ? job.attempt : job.attempt + 1,
        cancelled: false,
      };
      if (closed) {
        waiting.set(next, () => {});
      } else {
        const cancel = clock.setTimer(() => {
          waiting.delete(next);
          ready.push(next);
          pump();
        }, result.delayMs);
        waiting.set(next, cancel);
      }
    } else {
      completed++;
    }
    pump();
    notifyIfIdle();
  }

  function report(): QueueDrainReport {
    const pending = [
      ...ready.slice(head).map((job) => job.event),
      ...[...waiting.keys()].map((job) => job.event),
    ];
    return { completed, pending };
  }

  return {
    start(w, context) {
      if (worker)
        throw new ConfigurationError(
          'inProcessQueue: this queue is already started by another Lifeline; create one queue per createLifeline()',
        );
      worker = w;
      if (!options.clock && context) clock = context.clock;
      logger = context?.logger;
    },
    // Not `async`: an accepted event costs no promise of its own; a refusal is a rejected promise.
    enqueue(event) {
      if (!worker)
        return Promise.reject(
          new QueueRefusedError('inProcessQueue: not started; pass it to createLifeline({ queue }) first'),
        );
      if (closed)
        return Promise.reject(
          new QueueRefusedError(
            `inProcessQueue is closed; "${event.name}" (${event.idempotencyKey}) was not accepted`,
          ),
        );
      if (pendingCount() >= maxPending) {
        return Promise.reject(
          new QueueRefusedError(
            `inProcessQueue is full (${maxPending} pending); "${event.name}" was not accepted, try again later`,
          ),
        );
      }
      const job: Job = { event, attempt: 1, cancelled: false };
      const delayMs = event.runAt === undefined ? 0 : event.runAt - clock.now();
      if (delayMs > 0) {
        const cancel = clock.setTimer(() => {
          waiting.delete(job);
          ready.push(job);
          pump();
        }, delayMs);
        waiting.set(job, cancel);
        return ACCEPTED;
      }
      ready.push(job);
      schedulePump();
      return ACCEPTED;
    },
    async cancel(idempotencyKey) {
      let cancelled = 0;
      const kept = ready.slice(head).filter((job) => {
        if (job.event.idempotencyKey !== idempotencyKey) return true;
        cancelled++;
        return false;
      });
      ready = kept;
      head = 0;
      for (const [job, cancelTimer] of waiting) {
        if (job.event.idempotencyKey !== idempotencyKey) continue;
        cancelTimer();
        waiting.delete(job);
        cancelled++;
      }
      let isRunning = false;
      for (const job of runningJobs) {
        if (job.event.idempotencyKey !== idempotencyKey) continue;
        job.cancelled = true;
        isRunning = true;
      }
      notifyIfIdle();
      return { cancelled, running: isRunning };
    },
    drain() {
      if (pendingCount() === 0 || closed) return Promise.resolve(report());
      // Retry timers are unref'd so they never hold a process open by themselves; a caller awaiting
      // drain() does want to stay alive until the work is done, so hold a ref'd handle meanwhile.
      const keepAlive = setInterval(() => {}, 1 << 30);
      return new Promise<QueueDrainReport>((resolve) =>
        idleWaiters.push(() => {
          clearInterval(keepAlive);
          resolve(report());
        }),
      );
    },
    async close({ timeoutMs = 30_000 } = {}) {
      closed = true;
      for (const cancel of waiting.values()) cancel();
      if (runningJobs.size > 0) {
        await new Promise<void>((resolve) => {
          const cancelTimer = clock.setTimer(resolve, timeoutMs);
          const check = () => {
            if (runningJobs.size === 0) {
              cancelTimer();
              resolve();
            } else setImmediate(check);
          };
          check();
        });
      }
      const result = report();
      if (result.pending.length > 0) {
        logger?.warn('lifeline: in-process queue closed with work not done; it is lost unless re-sent', {
          pending: result.pending.map((event) => ({
            name: event.name,
            idempotencyKey: event.idempotencyKey,
          })),
        });
      }
      return result;
    },
    stats: () => ({ running: runningJobs.size, ready: readyCount(), waiting: waiting.size }),
  };
}
