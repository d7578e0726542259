import type { Clock } from '../clock/clock';
import type { DeadLetter, DeadLetterFilter, DeadLetterStore } from '../contracts/dead-letter-store';
import type { AttemptResult, Queue, QueuedEvent } from '../contracts/queue';
import {
  ConfigurationError,
  isInvalidTransitionError,
  isNotFoundError,
  NotFoundError,
} from '../errors/state-errors';
import { describeError } from '../retry/serialize-error';
import type { AnyOperation } from './define-operation';
import { traceContextOf } from './instrumentation';
import type { AdminAction, BulkItemResult, RedriveResult } from './lifeline-types';

/** How long a redrive is presumed running, by default, before its dead letter reopens: 15 minutes. */
export const DEFAULT_REDRIVE_LEASE_MS = 15 * 60_000;

/** Options of a redrive. */
export interface RedriveOptions extends AdminAction {
  /**
   * Wait for the redriven work's final result when it runs in this process (in-process queue).
   * With a queue that runs elsewhere (Inngest), the result is `queued` after `waitTimeoutMs`.
   */
  wait?: boolean;
  waitTimeoutMs?: number;
}

/** What `adminActions` (the runtime's admin side: `lifeline.redrive`, `resolve`, `bulk`) returns. */
export interface AdminActions {
  /**
   * Moves an open dead letter to retrying (compare-and-set, under a redrive lease) and re-sends its payload
   * under its idempotency key; the outcome is credited to `by`. If the redrive has not settled when the
   * lease ends (its process died), the entry is open again and can be redriven.
   */
  redrive(id: string, options: RedriveOptions): Promise<RedriveResult>;
  /** Closes a dead letter (open or retrying) without running it. */
  resolve(id: string, action: AdminAction): Promise<DeadLetter>;
  /** Redrives or resolves many entries with a concurrency limit; `dryRun` only plans. */
  bulk(request: BulkRequest): Promise<BulkItemResult[]>;
  /** Called by the worker when an event's result is final (wakes `redrive(..., { wait: true })`). */
  notifyFinal(event: QueuedEvent, result: AttemptResult): void;
}

/** A bulk action: by `ids`, or by `filter` (open entries by default). */
export interface BulkRequest {
  action: 'retry' | 'resolve';
  filter?: DeadLetterFilter;
  ids?: readonly string[];
  dryRun?: boolean;
  /** Entries acted on at once; default 5, at most 50. */
  concurrency?: number;
  by: string;
  note?: string;
}

/** Redrive, resolve and bulk actions on dead letters, with compare-and-set on every move. */
export function adminActions(deps: {
  deadLetters: DeadLetterStore;
  queue: Queue;
  clock: Clock;
  operations: ReadonlyMap<string, AnyOperation>;
  newId: () => string;
  /** How long a redrive is presumed running before its entry reopens (see `DeadLetter.redriveLeaseUntil`). */
  redriveLeaseMs?: number;
}): AdminActions {
  const redriveLeaseMs = deps.redriveLeaseMs ?? DEFAULT_REDRIVE_LEASE_MS;
  const waiters = new Map<string, (result: AttemptResult) => void>();

  async function redrive(id: string, options: RedriveOptions): Promise<RedriveResult> {
    const entry = await deps.deadLetters.get(id);
    if (!entry) throw new NotFoundError('Dead letter', id);
    if (!deps.operations.has(entry.name)) {
      throw new ConfigurationError(
        `Cannot redrive "${id}": no operation named "${entry.name}" is registered with this Lifeline`,
      );
    }
    // Compare-and-set: of two concurrent redrives exactly one gets past this line. The lease reopens the
    // entry if this process dies before the redrive settles.
    const at = deps.clock.now();
    await deps.deadLetters.transition(id, {
      from: 'open',
      to: 'retrying',
      by: options.by,
      at,
      note: options.note,
      leaseUntil: at + redriveLeaseMs,
    });
    const event: QueuedEvent = {
      id: deps.newId(),
      name: entry.name,
      kind: entry.kind,
      data: entry.payload,
      idempotencyKey: entry.idempotencyKey,
      enqueuedAt: deps.clock.now(),
      redriveOf: id,
      redriveBy: options.by,
    };
    const traceContext = traceContextOf(entry.meta);
    if (traceContext) event.traceContext = traceContext;
    const finished = options.wait ? waitFor(event.id, options.waitTimeoutMs ?? 60_000) : undefined;
    try {
      await deps.queue.enqueue(event);
    } catch (error) {
      waiters.delete(event.id);
      await deps.deadLetters.transition(id, {
        from: 'retrying',
        to: 'open',
        by: 'system',
        at: deps.clock.now(),
        note: `redrive not queued: ${describeError(error)}`,
      });
      throw error;
    }
    if (!finished) return { id, status: 'queued' };
    const result = await finished;
    if (!result) return { id, status: 'queued' };
    return result.status === 'failed'
      ? { id, status: 'failed', error: describeError(result.error) }
      : { id, status: 'resolved' };
  }

  function waitFor(eventId: string, timeoutMs: number): Promise<AttemptResult | undefined> {
    return new Promise((resolve) => {
      const cancel = deps.clock.setTimer(() => {
        waiters.delete(eventId);
        resolve(undefined);
      }, timeoutMs);
      waiters.set(eventId, (result) => {
        cancel();
        waiters.delete(eventId);
        resolve(result);
      });
    });
  }

  async function resolve(id: string, action: AdminAction): Promise<DeadLetter> {
    return deps.deadLetters.transition(id, {
      from: ['open', 'retrying'],
      to: 'resolved',
      by: action.by,
      at: deps.clock.now(),
      note: action.note,
    });
  }

  async function matching(filter: DeadLetterFilter): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.deadLetters.list({ ...filter, limit: 500, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  async function bulk(request: BulkRequest): Promise<BulkItemResult[]> {
    if (!request.ids && !request.filter) throw new ConfigurationError('bulk: give either `ids` or `filter`');
    const ids = request.ids ? [...request.ids] : await matching({ status: 'open', ...request.filter });
    if (request.dryRun) return ids.map((id) => ({ id, status: 'planned' }));
    const results: BulkItemResult[] = new Array(ids.length);
    let next = 0;
    const workerCount = Math.max(1, Math.min(request.concurrency ?? 5, 50));
    const work = async () => {
      while (next < ids.length) {
        const index = next++;
        const id = ids[index]!;
        try {
          if (request.action === 'resolve') {
            await resolve(id, { by: request.by, note: request.note });
            results[index] = { id, status: 'resolved' };
          } else {
            const outcome = await redrive(id, { by: request.by, note: request.note });
            results[index] =
              outcome.status === 'failed'
                ? { id, status: 'failed', error: outcome.error }
                : { id, status: outcome.status };
          }
        } catch (error) {
          const status = isInvalidTransitionError(error)
            ? 'conflict'
            : isNotFoundError(error)
              ? 'not_found'
              : 'failed';
          results[index] = { id, status, error: describeError(error) };
        }
      }
    };
    await Promise.all(Array.from({ length: workerCount }, work));
    return results;
  }

  return {
    redrive,
    resolve,
    bulk,
    notifyFinal(event: QueuedEvent, result: AttemptResult) {
      waiters.get(event.id)?.(result);
    },
  };
}
