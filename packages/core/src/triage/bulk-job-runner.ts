import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock';
import type { BulkItemOutcome, BulkJob, BulkJobStore } from '../contracts/bulk-job-store';
import type { DeadLetterStore } from '../contracts/dead-letter-store';
import type { Logger } from '../contracts/logger';
import { isInvalidTransitionError, isNotFoundError } from '../errors/state-errors';
import { parseOrThrow } from '../memory/dead-letter-schemas';
import { describeError } from '../retry/serialize-error';
import type { AdminActions } from '../runtime/admin-actions';
import type { AnyOperation } from '../runtime/define-operation';
import { type BulkJobRequest, bulkJobRequestSchema } from './bulk-job-request';

const MAX_TARGETS = 100_000;

/** What the runner needs from the runtime. */
export interface BulkJobRunnerDependencies {
  store: BulkJobStore;
  deadLetters: DeadLetterStore;
  actions: Pick<AdminActions, 'redrive' | 'resolve'>;
  operations: ReadonlyMap<string, AnyOperation>;
  clock: Clock;
  logger: Logger;
  /** How long a claim on a job lasts; renewed at half-time. Default 30 s. */
  leaseMs?: number;
  /** How long one redrive's result is awaited (watching its dead letter) before it counts as `queued`. Default 60 s. */
  waitTimeoutMs?: number;
}

/** The bulk-job API on `lifeline.bulkJobs`. */
export interface BulkJobs {
  /** Plans the targets, stores the job and starts it in the background; resolves with the stored job. */
  start(request: BulkJobRequest): Promise<BulkJob>;
  /** The job, or `undefined` for an unknown id. */
  get(id: string): Promise<BulkJob | undefined>;
  /** Jobs newest first, with keyset pagination. */
  list: BulkJobStore['list'];
  /** The per-item audit trail, in order. */
  items: BulkJobStore['items'];
  /** Asks a running job to stop before its next item; resolves with the job (`undefined` if unknown). */
  abort(id: string, request: { by: string }): Promise<BulkJob | undefined>;
  /** Picks up `running` jobs whose lease has expired (left by a process that stopped); returns their ids. */
  resume(): Promise<string[]>;
  /** Resolves when every job this process is running has stopped (for tests and shutdown). */
  idle(): Promise<void>;
  /** Stops this process's loops after their current item; their leases expire and another process resumes them. */
  stop(): Promise<void>;
}

/**
 * Runs bulk jobs on dead letters one item at a time: a canary first, pacing between items, a stop after too
 * many new failures, abort between items, and every outcome written to the job's audit trail before the next
 * item starts. A job is held under a lease, so after a crash another process (`resume()`) continues at the
 * first item without an outcome; that item may have been acted on already, and then its compare-and-set
 * move fails and it is recorded as `conflict`, never done twice.
 */
export function bulkJobRunner(deps: BulkJobRunnerDependencies): BulkJobs {
  const owner = `runner_${randomUUID()}`;
  const leaseMs = deps.leaseMs ?? 30_000;
  const waitTimeoutMs = deps.waitTimeoutMs ?? 60_000;
  const loops = new Map<string, Promise<void>>();
  let stopping = false;

  async function targets(request: BulkJobRequest): Promise<{ ids: string[]; names: Set<string> }> {
    const names = new Set<string>();
    if (request.ids) {
      for (const id of request.ids) {
        const entry = await deps.deadLetters.get(id);
        if (entry) names.add(entry.name);
      }
      return { ids: [...request.ids], names };
    }
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.deadLetters.list({
        status: 'open',
        ...request.filter,
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      for (const item of page.items) {
        ids.push(item.id);
        names.add(item.name);
      }
      cursor = page.nextCursor;
    } while (cursor && ids.length < MAX_TARGETS);
    return { ids: ids.slice(0, MAX_TARGETS), names };
  }

  function paceFor(names: Set<string>): number {
    let pace = 0;
    for (const name of names) {
      const throttle = deps.operations.get(name)?.throttle;
      if (throttle) pace = Math.max(pace, Math.ceil(throttle.periodMs / throttle.limit));
    }
    return pace;
  }

  /**
   * Redrives one entry and waits for its result by watching the entry settle (`resolved`, or back to `open`
   * with the new error), so it works whichever queue runs the redrive (in process or Inngest). After
   * `waitTimeoutMs` without a result the item is `queued`.
   */
  async function redriveAndWatch(id: string, action: { by: string; note?: string }) {
    await deps.actions.redrive(id, action);
    const deadline = deps.clock.now() + waitTimeoutMs;
    let delay = 10;
    while (deps.clock.now() < deadline) {
      await deps.clock.sleep(Math.min(delay, Math.max(1, deadline - deps.clock.now())));
      delay = Math.min(delay * 2, 1_000);
      const entry = await deps.deadLetters.get(id);
      if (!entry) return { outcome: 'not_found' as const };
      if (entry.status === 'resolved') return { outcome: 'resolved' as const };
      if (entry.status === 'open')
        return {
          outcome: 'failed' as const,
          error: `${entry.error.name}: ${entry.error.message}`.slice(0, 1000),
        };
    }
    return { outcome: 'queued' as const };
  }

  async function act(job: BulkJob, id: string): Promise<{ outcome: BulkItemOutcome; error?: string }> {
    const action = { by: job.by, ...(job.note === undefined ? {} : { note: job.note }) };
    try {
      if (job.action === 'resolve') {
        await deps.actions.resolve(id, action);
        return { outcome: 'resolved' };
      }
      return await redriveAndWatch(id, action);
    } catch (error) {
      const outcome = isInvalidTransitionError(error)
        ? 'conflict'
        : isNotFoundError(error)
          ? 'not_found'
          : 'failed';
      return { outcome, error: describeError(error).slice(0, 1000) };
    }
  }

  /** Why the job must end now, if it must. */
  function verdict(job: BulkJob): { status: 'completed' | 'stopped'; stopReason?: string } | undefined {
    if (job.counts.failed > 0 && job.processed <= job.canary)
      return {
        status: 'stopped',
        stopReason: `canary failed: ${job.counts.failed} of the first ${job.processed} item(s) failed`,
      };
    if (job.maxNewFailures > 0 && job.counts.failed >= job.maxNewFailures)
      return {
        status: 'stopped',
        stopReason: `${job.counts.failed} item(s) failed (limit ${job.maxNewFailures})`,
      };
    if (job.processed >= job.total) return { status: 'completed' };
    return undefined;
  }

  async function loop(id: string): Promise<void> {
    let job = await deps.store.claim(id, { owner, until: deps.clock.now() + leaseMs, now: deps.clock.now() });
    let first = true;
    while (job && !stopping) {
      const end = verdict(job);
      if (end) {
        await deps.store.finish(id, owner, { ...end, at: deps.clock.now() });
        return;
      }
      const latest = await deps.store.get(id);
      if (latest?.abortRequestedAt !== undefined) {
        await deps.store.finish(id, owner, {
          status: 'aborted',
          at: deps.clock.now(),
          stopReason: `aborted by ${latest.abortRequestedBy} after ${job.processed} of ${job.total} item(s)`,
        });
        return;
      }
      if (!first && job.paceMs > 0) await deps.clock.sleep(job.paceMs);
      first = false;
      if ((job.leaseUntil ?? 0) - deps.clock.now() < leaseMs / 2) {
        job = await deps.store.claim(id, { owner, until: deps.clock.now() + leaseMs, now: deps.clock.now() });
        if (!job) return;
      }
      const index = job.processed;
      const deadLetterId = job.ids[index]!;
      const result = await act(job, deadLetterId);
      job = await deps.store.recordItem(id, owner, { index, deadLetterId, ...result, at: deps.clock.now() });
    }
  }

  function run(id: string): void {
    if (loops.has(id)) return;
    const running = loop(id)
      .catch((error) =>
        // The lease expires and resume() picks the job up again; nothing is lost.
        deps.logger.error('lifeline: bulk job loop failed; it resumes when its lease expires', {
          jobId: id,
          error: describeError(error),
        }),
      )
      .finally(() => loops.delete(id));
    loops.set(id, running);
  }

  return {
    async start(input) {
      const request = parseOrThrow(bulkJobRequestSchema, 'bulk job request', input) as BulkJobRequest;
      const { ids, names } = await targets(request);
      const retry = request.action === 'retry';
      const job = await deps.store.create({
        action: request.action,
        ...(request.filter ? { filter: request.filter } : {}),
        ids,
        by: request.by,
        ...(request.note === undefined ? {} : { note: request.note }),
        createdAt: deps.clock.now(),
        canary: Math.min(request.canary ?? (retry ? 5 : 0), ids.length),
        maxNewFailures: request.maxNewFailures ?? (retry ? 10 : 0),
        paceMs: request.paceMs ?? (retry ? paceFor(names) : 0),
      });
      stopping = false;
      run(job.id);
      return job;
    },
    get: (id) => deps.store.get(id),
    list: (options) => deps.store.list(options),
    items: (id, options) => deps.store.items(id, options),
    abort: (id, request) => deps.store.requestAbort(id, { by: request.by, at: deps.clock.now() }),
    async resume() {
      const resumed: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await deps.store.list({ status: 'running', limit: 500, ...(cursor ? { cursor } : {}) });
        for (const job of page.items) {
          if (loops.has(job.id)) continue;
          if (job.leaseUntil !== undefined && job.leaseUntil > deps.clock.now() && job.leaseOwner !== owner)
            continue;
          resumed.push(job.id);
          run(job.id);
        }
        cursor = page.nextCursor;
      } while (cursor);
      return resumed;
    },
    async idle() {
      while (loops.size > 0) await Promise.all(loops.values());
    },
    async stop() {
      stopping = true;
      await Promise.all(loops.values());
    },
  };
}
