import {
  type AttemptResult,
  type CancelResult,
  type CancelTimer,
  type Clock,
  ConfigurationError,
  isStoreUnavailableError,
  type LifelineInstrumentation,
  type Logger,
  type Queue,
  type QueueDrainReport,
  type QueuedEvent,
  QueueRefusedError,
  type QueueWorker,
  type SendReceipt,
  silentLogger,
  systemClock,
} from '@lifeline/core';
import { describeError } from '@lifeline/core/adapter';
import { pgTime } from '../internal/sql';
import { quotedSchema } from '../schema/identifier';
import type { SqlClient } from '../sql-client';
import {
  type EnqueueData,
  type EnqueueInOptions,
  type EnqueueOperation,
  eventFor,
  insertJob,
  receiptOf,
} from './enqueue-job';
import { JobCrashedError } from './job-crashed-error';
import { eventOf, idArray, type JobRow, jobStatements, NOTIFY_CHANNEL } from './job-sql';
import type { StopListening } from './listeners';
import { type PostgresQueueOptions, resolveQueueOptions } from './queue-options';

/** A Lifeline `Queue` whose jobs are rows of your PostgreSQL (or PGlite) database. */
export interface PostgresQueue extends Queue {
  /**
   * Enqueues an operation's work through `tx`, inside your own transaction: the job exists if and only if
   * your transaction commits (the transactional outbox, without a relay). Validates `data` with the
   * operation's schema and derives its idempotency key, as `lifeline.send` does.
   */
  enqueueIn<O extends EnqueueOperation>(
    tx: SqlClient,
    operation: O,
    data: EnqueueData<O>,
    options?: EnqueueInOptions,
  ): Promise<SendReceipt>;
  /** Cancels the key's waiting jobs; a running attempt finishes and is not retried. */
  cancel(idempotencyKey: string): Promise<CancelResult>;
  /** Attempts running in this process, jobs claimed and waiting here for a free slot, and settlements not yet written. */
  stats(): { running: number; held: number; unsettled: number };
}

/**
 * How long a final result may wait to be settled with others or with the next enqueue (real ms). While it
 * waits the row stays leased to this worker, so nobody else runs it; after a crash in that window the job
 * re-runs and the idempotency store answers `duplicate`. drain, close and cancel settle at once.
 */
const SETTLE_WINDOW_MS = 200;
/**
 * The longest wait between claims while the table cannot be reached (or `pollMs`, if longer): the claim
 * loop backs off `pollMs × 2^failures` up to this, and looks at once when the database answers again
 * (any statement of this queue succeeds, or the listener reconnects).
 */
const OUTAGE_POLL_MAX_MS = 2_000;

interface Running {
  id: string;
  lease: number;
  event: QueuedEvent;
  attempt: number;
  /** Times a worker's lease on it ran out without a result; at `maxCrashes` it is given up, not run. */
  crashes?: number;
}

interface Settlement {
  id: number;
  lease: number;
  /** Absent: final (the row is deleted). */
  run_at?: string;
  attempt?: number;
}

/**
 * A durable `Queue` on PostgreSQL or PGlite: each delivery is a row of `<schema>.jobs`, written by
 * `enqueue` (through `lifeline.send`) or by {@link PostgresQueue.enqueueIn} inside your own transaction,
 * and deleted when the attempt's result is final. Run `migrate(sql)` first (migration 2 adds the table).
 *
 * Guarantees:
 * - `enqueue` resolves once the row is committed; it throws `QueueRefusedError` (the database error as
 *   `cause`) when it is not, so a webhook route answers non-2xx. Enqueuing one event id twice writes one job.
 * - Workers (any number of processes, each up to `concurrency` attempts) claim due jobs with
 *   `FOR UPDATE SKIP LOCKED` and hold a lease renewed every `leaseMs / 3`: no two workers run a job at once
 *   while its lease holds. A job whose worker died comes due again when the lease runs out and re-runs
 *   under the same idempotency key (so an effect that completed is not repeated; the crashed attempt keeps
 *   its number).
 * - A retry is a durable `run_at`: backoff survives restarts. Delayed sends (`at`) wait the same way.
 * - Finished attempts are settled in batches, in the same statement as the next claim; every settlement
 *   is fenced by the lease it was claimed with, so a worker whose lease was taken over changes nothing.
 * - `cancel(key)` deletes the key's waiting rows; a running row is only marked, and its worker deletes
 *   it instead of retrying: a cancel never races a running attempt.
 * - `drain` resolves when this queue's rows are all gone and nothing runs here; `close` stops claiming,
 *   waits up to `timeoutMs` for running attempts, writes their results, and reports the rows still
 *   waiting in `pending`: they are durable, and run when a worker is next up.
 * - Every time written or compared is the clock's (virtual in tests), never the database's.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on('error', () => {});
 * const sql = pgPoolClient(pool);
 * await migrate(sql);
 * const queue = postgresQueue({ sql, listen: pgListener(pool) });
 * const lifeline = createLifeline({ operations: [sendReceipt], queue, idempotency: postgresIdempotencyStore(sql) });
 * await sql.transaction(async (tx) => {
 *   await tx.query('insert into purchases (id) values ($1)', ['p_1']);
 *   await queue.enqueueIn(tx, sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });
 * });
 * ```
 */
export function postgresQueue(options: PostgresQueueOptions): PostgresQueue {
  const config = resolveQueueOptions(options);
  const schema = quotedSchema(options);
  const statements = jobStatements(schema);
  const { sql, name, concurrency, batchSize, leaseMs, pollMs, maxCrashes } = config;
  const notifyPayload = config.notify ? `${schema.slice(1, -1)}/${name}` : undefined;
  let clock: Clock = config.clock ?? systemClock();
  let logger: Logger = silentLogger();
  let worker: QueueWorker | undefined;
  /** The Lifeline's instrumentation, given at `start`: `enqueueIn` wraps its insert with it. */
  let instrumentation: LifelineInstrumentation | undefined;
  let closed = false;
  let completed = 0;
  const running = new Map<string, Running>();
  // Jobs claimed ahead (by an enqueue or a batch claim) while every slot was busy: they start here as
  // slots free up, under the same lease and heartbeat. At most `concurrency` of them.
  let held: Running[] = [];
  const capacity = concurrency * 2;
  let settlements: Settlement[] = [];
  let pumping = false;
  let again = false;
  /** Earliest `run_at` left after the last claim: null = none, undefined = not known yet. */
  let nextDue: number | null | undefined;
  let cancelWake: CancelTimer | undefined;
  let poll: ReturnType<typeof setTimeout> | undefined;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setTimeout> | undefined;
  /** Slots taken by enqueues that may claim their own row. */
  let reserved = 0;
  let stopListening: StopListening | undefined;
  let failures = 0;
  /**
   * Rows given back to wait out the worker's store-outage backoff (up to 30 s): when the database answers
   * again they are made due at once, so the work resumes with the database, not at the end of its backoff.
   */
  const outageWaits = new Map<string, Settlement>();
  let idleWaiters: Array<() => void> = [];
  const runningWaiters = new Set<() => void>();

  const isIdle = () =>
    !pumping && running.size === 0 && held.length === 0 && settlements.length === 0 && nextDue === null;

  /** Pumps when the clock reaches a known due time (a retry, a delayed send): exact on a virtual clock. */
  function wakeAt(at: number) {
    cancelWake?.();
    cancelWake = clock.setTimer(
      () => {
        cancelWake = undefined;
        void pump();
      },
      Math.max(0, at - clock.now()),
    );
  }

  // Polling (for work other processes enqueue, and after errors) runs on real time: it discovers
  // changes, it does not wait for a due time, so it must not move a virtual clock on in tests.
  function pollIn(ms: number) {
    if (poll) clearTimeout(poll);
    poll = setTimeout(() => {
      poll = undefined;
      void pump();
    }, ms);
    poll.unref?.();
  }

  function stopTimers() {
    cancelWake?.();
    cancelWake = undefined;
    if (poll) clearTimeout(poll);
    poll = undefined;
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = undefined;
  }

  function afterPump() {
    if (again) {
      void pump();
      return;
    }
    if (isIdle() && idleWaiters.length > 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    if (closed || !config.consume) return;
    if (running.size + held.length >= capacity) return; // a finishing attempt pumps again
    if (typeof nextDue === 'number' && nextDue > clock.now()) wakeAt(nextDue);
    pollIn(pollMs);
  }

  function takeSettlements(): Settlement[] {
    const taken = settlements;
    settlements = [];
    return taken;
  }

  async function pump(): Promise<void> {
    if (!worker) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    stopTimers();
    try {
      for (;;) {
        again = false;
        const slots = freeSlots();
        if (slots <= 0 && settlements.length === 0) break;
        const settling = takeSettlements();
        const now = clock.now();
        const excluded = [
          ...running.keys(),
          ...held.map((job) => job.id),
          ...settling.map((s) => String(s.id)),
        ];
        let rows: JobRow[];
        try {
          ({ rows } = await sql.query<JobRow>(statements.settleAndClaim, [
            name,
            JSON.stringify(settling),
            pgTime(now),
            Math.max(0, slots),
            idArray(excluded),
            pgTime(now + leaseMs),
          ]));
          if (failures > 0) resumeOutageWaits(now);
          failures = 0;
        } catch (error) {
          settlements = settling.concat(settlements);
          failures++;
          logger.error('lifeline: postgresQueue could not reach its table; trying again', {
            queue: name,
            error: describeError(error),
          });
          pumping = false;
          again = false;
          if (!closed || settlements.length > 0)
            pollIn(Math.min(pollMs * 2 ** Math.min(failures, 6), Math.max(pollMs, OUTAGE_POLL_MAX_MS)));
          return;
        }
        let claimed = 0;
        let next: number | null = null;
        for (const row of rows) {
          if (row.row_type === 'next') {
            next = row.next_at;
            continue;
          }
          claimed++;
          outageWaits.delete(row.id!);
          start({
            id: row.id!,
            lease: row.lease!,
            event: eventOf(row),
            attempt: row.attempt!,
            crashes: row.crashes ?? 0,
          });
        }
        for (const s of settling) if (s.run_at !== undefined) next = earliest(next, Date.parse(s.run_at));
        nextDue = next;
        if (!again && (slots <= 0 || claimed < slots)) break;
      }
    } finally {
      pumping = false;
    }
    afterPump();
  }

  /** A job whose workers died running it `maxCrashes` times: dead-lettered by the runtime, not run again. */
  function giveUp(job: Running, end: NonNullable<QueueWorker['giveUp']>): Promise<AttemptResult> {
    const error = new JobCrashedError(
      `worker crashed ${job.crashes} times running this job ("${job.event.name}", idempotency key ${job.event.idempotencyKey}): each time its lease ran out without a result, so it is dead-lettered instead of claimed again (postgresQueue maxCrashes ${maxCrashes})`,
    );
    logger.error('lifeline: postgresQueue gives up on a job that crashed its worker too often', {
      queue: name,
      operation: job.event.name,
      idempotencyKey: job.event.idempotencyKey,
      crashes: job.crashes,
    });
    return end(job.event, error, job.attempt);
  }

  /** The database answers again: the rows waiting out an outage backoff are settled due now, by the next pass. */
  function resumeOutageWaits(now: number) {
    if (outageWaits.size === 0) return;
    const due = pgTime(now);
    for (const wait of outageWaits.values()) {
      // Still unwritten (the same object): due now instead; written already: settled again, fenced by its lease.
      wait.run_at = due;
      if (!settlements.includes(wait)) settlements.push(wait);
    }
    outageWaits.clear();
    again = true;
  }

  /** A statement other than the claim succeeded: after an outage, claim at once instead of at the backoff. */
  function answered() {
    if (failures > 0 && !pumping && !closed) void pump();
  }

  function freeSlots(): number {
    if (closed || !config.consume || !worker) return 0;
    return Math.max(0, Math.min(batchSize, capacity - running.size - held.length - reserved));
  }

  function earliest(a: number | null, b: number): number {
    return a === null || b < a ? b : a;
  }

  function start(job: Running) {
    armHeartbeat();
    if (running.size >= concurrency) {
      held.push(job);
      return;
    }
    running.set(job.id, job);
    void execute(job);
  }

  async function execute(job: Running) {
    let result: AttemptResult;
    try {
      result =
        (job.crashes ?? 0) >= maxCrashes && worker!.giveUp
          ? await giveUp(job, worker!.giveUp.bind(worker))
          : await worker!.runAttempt(job.event, job.attempt);
    } catch (error) {
      // runAttempt never throws by contract; if a custom worker does, retry rather than lose the job.
      result = { status: 'retry', delayMs: 1_000, error };
    }
    if (result.status === 'retry') {
      const settlement: Settlement = {
        id: Number(job.id),
        lease: job.lease,
        run_at: pgTime(clock.now() + Math.max(0, result.delayMs)),
        attempt: result.sameAttempt ? job.attempt : job.attempt + 1,
      };
      settlements.push(settlement);
      if (result.sameAttempt && isStoreUnavailableError(result.error)) outageWaits.set(job.id, settlement);
    } else {
      completed++;
      settlements.push({ id: Number(job.id), lease: job.lease });
    }
    running.delete(job.id);
    const next = closed ? undefined : held.shift();
    if (next) {
      running.set(next.id, next);
      void execute(next);
    }
    if (running.size === 0 && held.length === 0 && heartbeat) {
      clearTimeout(heartbeat);
      heartbeat = undefined;
    }
    for (const resolve of runningWaiters) resolve();
    scheduleSettle(result.status === 'retry' ? result.delayMs : SETTLE_WINDOW_MS);
  }

  // A finished attempt's row is deleted (or rescheduled) a moment later, not at once: results that
  // finish together are settled in one statement, and an enqueue in the meantime carries them, so a
  // steady stream of work costs no round trip for settling. Someone waiting (drain, close) settles now.
  function scheduleSettle(withinMs = SETTLE_WINDOW_MS) {
    // A retry due sooner than the window, or a free slot with work due, is settled at once.
    const dueWork = typeof nextDue === 'number' && nextDue <= clock.now() && freeSlots() > 0;
    if (closed || pumping || idleWaiters.length > 0 || withinMs < SETTLE_WINDOW_MS || dueWork) {
      void pump();
      return;
    }
    if (settleTimer) return;
    settleTimer = setTimeout(() => {
      settleTimer = undefined;
      void pump();
    }, SETTLE_WINDOW_MS);
    settleTimer.unref?.();
  }

  // Heartbeats run on real time, not on the clock: a lease is about this process being alive, and a
  // virtual clock in tests must not be moved on by a timer that is not the work's.
  function armHeartbeat() {
    if (heartbeat || running.size + held.length === 0) return;
    heartbeat = setTimeout(() => {
      heartbeat = undefined;
      if (running.size + held.length === 0) return;
      const leases = [...running.values(), ...held].map((job) => ({ id: Number(job.id), lease: job.lease }));
      sql
        .query(statements.heartbeat, [JSON.stringify(leases), pgTime(clock.now() + leaseMs)])
        .then(answered)
        .catch((error: unknown) =>
          logger.warn('lifeline: postgresQueue heartbeat failed; leases may run out', {
            queue: name,
            error: describeError(error),
          }),
        )
        .finally(armHeartbeat);
    }, leaseMs / 3);
    heartbeat.unref?.();
  }

  async function listen() {
    if (!config.listen || !notifyPayload) return;
    try {
      stopListening = await config.listen.listen(
        NOTIFY_CHANNEL,
        (payload) => {
          if (payload === notifyPayload && !closed) void pump();
        },
        // Back after a lost connection: the database answers, and notifications may have been missed.
        () => {
          if (!closed) void pump();
        },
      );
    } catch (error) {
      logger.warn('lifeline: postgresQueue could not LISTEN; polling only', {
        queue: name,
        error: describeError(error),
      });
    }
  }

  /** Waits for the pump in flight, then writes any settlement still held here. */
  async function settleNow() {
    while (pumping) await new Promise((resolve) => setImmediate(resolve));
    if (settlements.length > 0) await pump();
  }

  async function pendingReport(): Promise<QueueDrainReport> {
    try {
      const { rows } = await sql.query<JobRow>(statements.pending, [name, idArray(running.keys()), 1_000]);
      return { completed, pending: rows.map(eventOf) };
    } catch (error) {
      logger.warn('lifeline: postgresQueue could not read what is left', { error: describeError(error) });
      return { completed, pending: [...running.values()].map((job) => job.event) };
    }
  }

  async function enqueue(event: QueuedEvent): Promise<void> {
    if (closed)
      throw new QueueRefusedError(
        `postgresQueue "${name}" is closed; "${event.name}" (${event.idempotencyKey}) was not accepted`,
      );
    const now = clock.now();
    // With a free slot here, the row is written already claimed by this worker (and finished attempts
    // are settled in the same statement): enqueue and claim cost one round trip.
    const claim = (event.runAt ?? now) <= now && freeSlots() > 0;
    const settling = claim ? takeSettlements() : [];
    if (settling.length > 0 && settleTimer) {
      clearTimeout(settleTimer); // this statement settles them
      settleTimer = undefined;
    }
    if (claim) reserved++;
    let row: JobRow | undefined;
    try {
      row = await insertJob(
        sql,
        statements,
        name,
        event,
        now,
        notifyPayload,
        claim ? { leaseEnd: now + leaseMs, settlements: JSON.stringify(settling) } : undefined,
      );
    } catch (error) {
      settlements = settling.concat(settlements);
      if (settling.length > 0) scheduleSettle(0);
      if ((error as { code?: unknown })?.code === 'LIFELINE_VALIDATION') throw error;
      throw new QueueRefusedError(
        `postgresQueue "${name}" could not write "${event.name}" (idempotency key ${event.idempotencyKey}): ${describeError(error)}. Nothing was queued; answer non-2xx so the sender retries.`,
        { cause: error },
      );
    } finally {
      if (claim) reserved--;
    }
    answered();
    if (row) {
      start({ id: row.id!, lease: row.lease!, event: eventOf(row), attempt: row.attempt! });
      if (settling.length > 0) nextDue = undefined;
      return;
    }
    if ((event.runAt ?? now) <= now) void pump();
    else if (typeof nextDue !== 'number' || event.runAt! < nextDue) {
      // A claim in flight may have read the table before this row was written: its "next due" would
      // overwrite this one (drain would then resolve with this job waiting), so it looks once more.
      if (pumping) again = true;
      nextDue = event.runAt!;
      if (!pumping && running.size + held.length < capacity && !closed && config.consume)
        wakeAt(event.runAt!);
    }
  }

  return {
    start(w, context) {
      if (worker && worker !== w)
        throw new ConfigurationError(
          `postgresQueue "${name}" is already started by another Lifeline; create one queue per createLifeline()`,
        );
      worker = w;
      if (!config.clock && context) clock = context.clock;
      if (context) logger = context.logger;
      instrumentation = context?.instrumentation;
      if (!config.consume) return;
      void listen();
      void pump();
    },
    enqueue,
    async enqueueIn(tx, operation, data, enqueueOptions = {}) {
      const now = clock.now();
      const event = eventFor(operation, data, enqueueOptions, now);
      // Traced like `lifeline.send` when the Lifeline has instrumentation (a send span, trace context on the row).
      if (instrumentation)
        await instrumentation.wrapSend(event, async () => {
          await insertJob(tx, statements, name, event, now, notifyPayload);
        });
      else await insertJob(tx, statements, name, event, now, notifyPayload);
      const receipt = receiptOf(event);
      // Not ours to run before the caller's transaction commits: look soon, the NOTIFY (if any) wakes sooner.
      if (worker && !closed && config.consume) {
        if (event.runAt !== undefined && event.runAt > now) {
          if (typeof nextDue !== 'number' || event.runAt < nextDue) wakeAt(event.runAt);
        } else pollIn(Math.min(pollMs, 50));
      }
      return receipt;
    },
    async cancel(idempotencyKey) {
      // Jobs of the key claimed here but not started: ours to drop (their rows go with the next statement).
      let dropped = 0;
      held = held.filter((job) => {
        if (job.event.idempotencyKey !== idempotencyKey) return true;
        settlements.push({ id: Number(job.id), lease: job.lease });
        dropped++;
        return false;
      });
      await settleNow();
      const { rows } = await sql.query<{ cancelled: number; running: number }>(statements.cancel, [
        name,
        idempotencyKey,
        pgTime(clock.now()),
      ]);
      const row = rows[0] ?? { cancelled: 0, running: 0 };
      const runningHere = [...running.values()].some((job) => job.event.idempotencyKey === idempotencyKey);
      if (row.cancelled > 0) void pump();
      return { cancelled: Number(row.cancelled) + dropped, running: Number(row.running) > 0 || runningHere };
    },
    drain() {
      if (!worker || !config.consume || closed) return pendingReport();
      if (isIdle()) return Promise.resolve({ completed, pending: [] });
      const keepAlive = setInterval(() => {}, 1 << 30);
      const done = new Promise<QueueDrainReport>((resolve) =>
        idleWaiters.push(() => {
          clearInterval(keepAlive);
          resolve({ completed, pending: [] });
        }),
      );
      void pump();
      return done;
    },
    async close({ timeoutMs = 30_000 } = {}) {
      closed = true;
      stopTimers();
      // Give back what was claimed here but not started: due at once, for the next worker.
      const now = pgTime(clock.now());
      for (const job of held)
        settlements.push({ id: Number(job.id), lease: job.lease, run_at: now, attempt: job.attempt });
      held = [];
      if (running.size > 0) {
        await new Promise<void>((resolve) => {
          const cancelTimer = clock.setTimer(finish, timeoutMs);
          function finish() {
            cancelTimer();
            runningWaiters.delete(check);
            resolve();
          }
          function check() {
            if (running.size === 0) finish();
          }
          runningWaiters.add(check);
          check();
        });
      }
      // Write the results of what finished (claims are off now), then stop listening.
      await settleNow();
      const stop = stopListening;
      stopListening = undefined;
      await stop?.().catch(() => {});
      const report = await pendingReport();
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
      return report;
    },
    stats: () => ({ running: running.size, held: held.length, unsettled: settlements.length }),
  };
}
