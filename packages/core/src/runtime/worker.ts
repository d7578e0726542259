import type { Clock } from '../clock/clock';
import type { Alerter } from '../contracts/alerter';
import type { DeadLetter, DeadLetterStore } from '../contracts/dead-letter-store';
import type { IdempotencyStore } from '../contracts/idempotency-store';
import type { Logger } from '../contracts/logger';
import type { Mailer } from '../contracts/mailer';
import { isPromiseLike, type MaybePromise } from '../contracts/maybe-promise';
import type { AttemptOutcome, AttemptRecord, OperationLog } from '../contracts/operation-log';
import type { AttemptResult, QueuedEvent, QueueWorker } from '../contracts/queue';
import type { SmsSender } from '../contracts/sms-sender';
import { isIdempotencyInProgressError } from '../errors/idempotency-errors';
import { ConfigurationError } from '../errors/state-errors';
import {
  isStoreUnavailableError,
  type PendingCompletion,
  type StoreUnavailableError,
} from '../errors/store-unavailable-error';
import { fingerprint } from '../idempotency/fingerprint';
import { runIdempotentlyTrusted, validateIdempotencyKey } from '../idempotency/run-idempotently';
import { classifyError } from '../retry/classify-error';
import { planNextAttempt } from '../retry/retry-policy';
import { describeError, serializeError } from '../retry/serialize-error';
import { runWithTimeout } from '../retry/with-timeout';
import type { Throttle } from '../throttle/throttle';
import type { AlertDispatcher } from './alert-dispatcher';
import { AttemptContext, type ContextServices } from './attempt-context';
import type { DeadLetterRecorder } from './dead-letter-recorder';
import type { AnyOperation } from './define-operation';
import { failureAlert, failureSeverity } from './failure-alert';
import { callHook, type LifelineHooks } from './hooks';
import type { LifelineInstrumentation } from './instrumentation';
import type { OperationContext } from './operation-context';
import { SentEvent } from './sent-event';

/** Everything the worker needs; built by `createLifeline`. */
export interface WorkerDependencies {
  operations: ReadonlyMap<string, AnyOperation>;
  /** The store as operations see it (`ctx.idempotency`). */
  idempotency: IdempotencyStore;
  /** The same store as the runtime calls it: guarded, so its outages are `StoreUnavailableError`. */
  runtimeIdempotency?: IdempotencyStore;
  deadLetters: DeadLetterStore;
  log: OperationLog;
  throttle: Throttle;
  recorder: DeadLetterRecorder;
  dispatcher: AlertDispatcher;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  sms: SmsSender;
  alerter: Alerter;
  hooks: LifelineHooks;
  random: () => number;
  adminUrl?: string;
  send: OperationContext['send'];
  /** Called once per event when it reaches a final result (used by `redrive(..., { wait: true })`). */
  onFinal: (event: QueuedEvent, result: AttemptResult) => void;
  /** Wraps each attempt (tracing); absent: attempts run bare. */
  instrumentation?: LifelineInstrumentation;
}

/** What the worker keeps per event object between its attempts: validated payload and its fingerprint. */
interface Prepared {
  data: unknown;
  fingerprint: string;
}

/** The results of a success: frozen and shared, one allocation less per event. */
const SUCCEEDED: AttemptResult = Object.freeze({ status: 'succeeded' });
const DUPLICATE: AttemptResult = Object.freeze({ status: 'duplicate' });

/** How long a claim lasts when the operation sets no timeout: long enough for slow work, short enough to recover. */
const DEFAULT_LEASE_MS = 5 * 60_000;
/** How often a duplicate waits for the holder of its key. */
const IN_PROGRESS_POLL_MS = 1_000;
/** Waits before trying an attempt again while a store is unavailable: from 500 ms, doubling, at most 30 s. */
const OUTAGE_FIRST_MS = 500;
const OUTAGE_MAX_MS = 30_000;

/**
 * The one execution path: validate → throttle → idempotency claim → run with timeout and signal → log the
 * outcome → on final failure, dead letter + alert. Every queue (in-process, Inngest) calls this, so the
 * semantics live in one place. `runAttempt` never throws.
 */
export function createWorker(deps: WorkerDependencies): QueueWorker & {
  /**
   * Makes the event `send` hands to the queue, its payload validated at the boundary: its attempts skip
   * the re-parse, and use `payloadFingerprint` when given (e.g. the one its default idempotency key was
   * made of), else compute it once.
   */
  sentEvent(
    id: string,
    name: string,
    kind: QueuedEvent['kind'],
    data: unknown,
    idempotencyKey: string,
    enqueuedAt: number,
    runAt: number | undefined,
    payloadFingerprint: string | undefined,
  ): QueuedEvent;
  /** Records a final failure (dead letter or reopened redrive, alert); returns the dead letter written, if any. */
  finalFailure(event: QueuedEvent, error: unknown, attempts: number): Promise<DeadLetter | undefined>;
  /** Appends one operation-log row (at once when the log answers at once). */
  logOutcome(
    event: QueuedEvent,
    attempt: number,
    outcome: AttemptOutcome,
    startedAt: number,
    error?: unknown,
  ): MaybePromise<void>;
} {
  const firstFailedAt = new Map<string, number>();
  /** Per event: how many tries in a row met a store outage (drives the outage backoff). */
  const outages = new Map<string, number>();
  /** Per event: a result the idempotency store did not take; stored on the next try instead of re-running. */
  const pendingCompletions = new Map<string, PendingCompletion>();
  /** Per event: a claim its failed try could not release (store down); released before the next try claims. */
  const pendingReleases = new Map<string, { key: string; token: string }>();
  const runtimeIdempotency = deps.runtimeIdempotency ?? deps.idempotency;
  const services: ContextServices = {
    logger: deps.logger,
    mailer: deps.mailer,
    sms: deps.sms,
    alerter: deps.alerter,
    idempotency: deps.idempotency,
    clock: deps.clock,
    send: deps.send,
  };
  /** This worker's mark on the events its `send` validated (see {@link SentEvent}). */
  const owner = {};
  /** Payload and fingerprint per event object not sent here (e.g. from Inngest), computed once, reused by its retries. */
  const preparedEvents = new WeakMap<QueuedEvent, Prepared>();

  function prepare(event: QueuedEvent, operation: AnyOperation): Prepared {
    let prepared = preparedEvents.get(event);
    if (prepared) return prepared;
    // Validated once at the boundary: a queue that serialises, like Inngest, hands over a new object.
    validateIdempotencyKey(event.idempotencyKey);
    const data = operation.parse(event.data);
    prepared = { data, fingerprint: fingerprint(data) };
    preparedEvents.set(event, prepared);
    return prepared;
  }
  const forget = (eventId: string) => {
    // Usually all empty: only failures and outages fill them.
    if (firstFailedAt.size > 0) firstFailedAt.delete(eventId);
    if (outages.size > 0) outages.delete(eventId);
    if (pendingCompletions.size > 0) pendingCompletions.delete(eventId);
    if (pendingReleases.size > 0) pendingReleases.delete(eventId);
  };
  const hookError = (error: unknown) =>
    deps.logger.warn('lifeline: hook threw', { error: describeError(error) });

  /** Appends the record; a failed append is logged, never thrown. No promise when the log answers at once. */
  function logOutcome(
    event: QueuedEvent,
    attempt: number,
    outcome: AttemptOutcome,
    startedAt: number,
    error?: unknown,
    delayMs?: number,
  ): MaybePromise<void> {
    const at = deps.clock.now();
    const record: AttemptRecord =
      error === undefined && delayMs === undefined
        ? {
            operation: event.name,
            kind: event.kind,
            idempotencyKey: event.idempotencyKey,
            attempt,
            outcome,
            at,
            durationMs: at - startedAt,
            enqueuedAt: event.enqueuedAt,
          }
        : {
            operation: event.name,
            kind: event.kind,
            idempotencyKey: event.idempotencyKey,
            attempt,
            outcome,
            at,
            durationMs: at - startedAt,
            enqueuedAt: event.enqueuedAt,
            ...(error === undefined ? {} : { error: describeError(error).slice(0, 1000) }),
            ...(delayMs === undefined ? {} : { delayMs }),
          };
    let appending: MaybePromise<void>;
    try {
      appending = deps.log.append(record);
    } catch (logError) {
      appending = Promise.reject(logError);
    }
    if (isPromiseLike(appending)) {
      return appending.then(
        () => logged(record),
        (logError: unknown) => {
          deps.logger.error('lifeline: operation log write failed', {
            record,
            error: describeError(logError),
          });
          logged(record);
        },
      );
    }
    logged(record);
  }

  function logged(record: AttemptRecord) {
    if (deps.hooks.onAttempt) callHook(deps.hooks.onAttempt, [record], hookError);
  }

  /** Credits the redrive's outcome to the admin who asked for it; held in memory if the store is down. */
  async function settleRedrive(event: QueuedEvent, to: 'resolved' | 'open', error?: unknown) {
    if (!event.redriveOf) return;
    await deps.recorder.settle(event.redriveOf, {
      // A success settles even if the redrive lease ran out meanwhile and reopened the entry: the work is done.
      from: to === 'resolved' ? ['retrying', 'open'] : 'retrying',
      to,
      by: event.redriveBy ?? 'redrive',
      at: deps.clock.now(),
      ...(to === 'resolved' ? { note: 'redrive succeeded' } : { error: serializeError(error) }),
    });
  }

  async function finalFailure(
    event: QueuedEvent,
    error: unknown,
    attempts: number,
  ): Promise<DeadLetter | undefined> {
    const operation = deps.operations.get(event.name);
    const now = deps.clock.now();
    const entry = {
      kind: event.kind,
      name: event.name,
      payload: event.data,
      error: serializeError(error),
      attempts,
      idempotencyKey: event.idempotencyKey,
      firstFailedAt: firstFailedAt.get(event.id) ?? now,
      failedAt: now,
      meta: {
        eventId: event.id,
        ...(event.redriveOf ? { redriveOf: event.redriveOf } : {}),
        // Kept so a redrive of this dead letter can link its trace to this one.
        ...(event.traceContext ? { traceContext: event.traceContext } : {}),
      },
    };
    forget(event.id);
    const severity = failureSeverity(operation, event.kind);
    let saved: DeadLetter | undefined;
    if (event.redriveOf) {
      await settleRedrive(event, 'open', error);
      await deps.dispatcher.send(
        failureAlert({
          entry,
          severity,
          deadLetterId: event.redriveOf,
          adminUrl: deps.adminUrl,
          redrive: true,
        }),
      );
    } else {
      saved = await deps.recorder.record(entry);
      await deps.dispatcher.send(
        failureAlert({ entry, severity, deadLetterId: saved?.id, adminUrl: deps.adminUrl }),
      );
    }
    deps.onFinal(event, { status: 'failed', error });
    return saved;
  }

  async function runAttempt(event: QueuedEvent, attempt: number): Promise<AttemptResult> {
    const startedAt = deps.clock.now();
    const operation = deps.operations.get(event.name);
    try {
      if (!operation)
        throw new ConfigurationError(
          `No operation named "${event.name}" is registered with this Lifeline; add it to createLifeline({ operations })`,
        );
      // An event `send` made here is not parsed again, and carries its fingerprint.
      let data: unknown;
      let print: string;
      if (SentEvent.isSentBy(event, owner)) {
        data = event.data;
        print = event.payloadFingerprint();
      } else {
        ({ data, fingerprint: print } = prepare(event, operation));
      }
      if (pendingCompletions.has(event.id) && (await storePendingCompletion(event)))
        return await succeeded(event, attempt, startedAt, 'succeeded');
      if (operation.throttle) {
        const key = operation.throttle.key
          ? `${operation.name}:${operation.throttle.key(data)}`
          : operation.name;
        await deps.throttle.acquire(key, {
          limit: operation.throttle.limit,
          periodMs: operation.throttle.periodMs,
        });
      }
      const context = new AttemptContext(event, attempt, operation, services);
      // No timeout: no AbortController, no timer; `ctx.signal` is made only if the operation reads it.
      const work =
        operation.timeoutMs === undefined
          ? () => operation.run(data, context)
          : () =>
              runWithTimeout(
                (signal) => {
                  context.signal = signal;
                  return operation.run(data, context);
                },
                { timeoutMs: operation.timeoutMs, clock: deps.clock },
              );
      const unreleased = pendingReleases.get(event.id);
      if (unreleased) {
        // The last try failed while the store was down: free its claim, or this try waits out the lease.
        await runtimeIdempotency.release(unreleased.key, unreleased.token);
        pendingReleases.delete(event.id);
      }
      const run = await runIdempotentlyTrusted(runtimeIdempotency, event.idempotencyKey, work, {
        fingerprint: print,
        leaseMs: (operation.timeoutMs ?? DEFAULT_LEASE_MS) + 30_000,
        ttlMs: operation.idempotencyTtlMs,
        clock: deps.clock,
        now: startedAt,
        onReleaseFailed: (claim) => pendingReleases.set(event.id, claim),
      });
      const done = succeeded(
        event,
        attempt,
        startedAt,
        run.status === 'duplicate' ? 'duplicate' : 'succeeded',
      );
      return isPromiseLike(done) ? await done : done;
    } catch (error) {
      return failedAttempt(event, attempt, startedAt, operation, error);
    }
  }

  /**
   * A result of this event's earlier try that the idempotency store did not take: store it now under the
   * same claim. True when stored (the work is done, it must not run again); false when the claim was lost
   * meanwhile (its lease ran out), and the attempt goes on as usual. A store outage throws.
   */
  async function storePendingCompletion(event: QueuedEvent): Promise<boolean> {
    const pending = pendingCompletions.get(event.id);
    if (!pending) return false;
    const stored = await runtimeIdempotency.complete(
      pending.key,
      pending.token,
      pending.result,
      deps.clock.now(),
      pending.ttlMs,
    );
    pendingCompletions.delete(event.id);
    if (!stored)
      deps.logger.warn(
        'lifeline: the claim of a result that could not be stored has expired; the work may run again',
        {
          operation: event.name,
          idempotencyKey: event.idempotencyKey,
        },
      );
    return stored;
  }

  /** Logs the success and reports it; no promise when the log answers at once and it is no redrive. */
  function succeeded(
    event: QueuedEvent,
    attempt: number,
    startedAt: number,
    outcome: 'succeeded' | 'duplicate',
  ): MaybePromise<AttemptResult> {
    const logging = logOutcome(event, attempt, outcome, startedAt);
    if (isPromiseLike(logging) || event.redriveOf) return settledSuccess(logging, event, attempt, outcome);
    return reportSuccess(event, attempt, outcome);
  }

  async function settledSuccess(
    logging: MaybePromise<void>,
    event: QueuedEvent,
    attempt: number,
    outcome: 'succeeded' | 'duplicate',
  ): Promise<AttemptResult> {
    await logging;
    if (event.redriveOf) await settleRedrive(event, 'resolved');
    return reportSuccess(event, attempt, outcome);
  }

  function reportSuccess(
    event: QueuedEvent,
    attempt: number,
    outcome: 'succeeded' | 'duplicate',
  ): AttemptResult {
    if (attempt > 1 || event.redriveOf) {
      callHook(
        deps.hooks.onRecovered,
        [
          {
            operation: event.name,
            idempotencyKey: event.idempotencyKey,
            attempt,
            ...(event.redriveOf ? { deadLetterId: event.redriveOf } : {}),
          },
        ],
        hookError,
      );
    }
    forget(event.id);
    const result = outcome === 'succeeded' ? SUCCEEDED : DUPLICATE;
    deps.onFinal(event, result);
    return result;
  }

  async function failedAttempt(
    event: QueuedEvent,
    attempt: number,
    startedAt: number,
    operation: AnyOperation | undefined,
    error: unknown,
  ): Promise<AttemptResult> {
    try {
      if (isIdempotencyInProgressError(error)) {
        // Another worker holds the key: wait for it without spending an attempt.
        const delayMs = Math.max(1, Math.min(IN_PROGRESS_POLL_MS, error.leaseExpiresAt - deps.clock.now()));
        return { status: 'retry', delayMs, error, sameAttempt: true };
      }
      if (isStoreUnavailableError(error)) return storeOutage(event, attempt, error);
      outages.delete(event.id);
      if (!firstFailedAt.has(event.id)) firstFailedAt.set(event.id, deps.clock.now());
      const plan = operation
        ? planNextAttempt({
            error,
            attempt,
            policy: operation.retryPolicy,
            elapsedMs: deps.clock.now() - event.enqueuedAt,
            random: deps.random,
            classification: classifyError(error, { now: deps.clock.now() }),
          })
        : ({ retry: false } as const);
      if (plan.retry) {
        await logOutcome(event, attempt, 'retrying', startedAt, error, plan.delayMs);
        return { status: 'retry', delayMs: plan.delayMs, error };
      }
      await logOutcome(event, attempt, 'dead_lettered', startedAt, error);
      await finalFailure(event, error, attempt);
      return { status: 'failed', error };
    } catch (internal) {
      if (isStoreUnavailableError(internal)) return storeOutage(event, attempt, internal);
      deps.logger.error('lifeline: internal error while handling a failed attempt; retrying the event', {
        operation: event.name,
        error: describeError(internal),
      });
      return { status: 'retry', delayMs: 1_000, error: internal };
    }
  }

  /**
   * A store could not be reached: an infrastructure fault, not the work's. The attempt is not counted (no
   * log row, same number next time) and is tried again after a capped exponential delay with jitter.
   */
  function storeOutage(event: QueuedEvent, attempt: number, error: StoreUnavailableError): AttemptResult {
    if (error.completion) pendingCompletions.set(event.id, error.completion);
    const tries = (outages.get(event.id) ?? 0) + 1;
    outages.set(event.id, tries);
    const capped = Math.min(OUTAGE_MAX_MS, OUTAGE_FIRST_MS * 2 ** Math.min(tries - 1, 16));
    const delayMs = Math.ceil(capped / 2 + (deps.random() * capped) / 2);
    deps.logger.warn('lifeline: a store is unavailable; the attempt is not counted and will be tried again', {
      operation: event.name,
      idempotencyKey: event.idempotencyKey,
      attempt,
      delayMs,
      error: describeError(error),
    });
    return { status: 'retry', delayMs, error, sameAttempt: true };
  }

  const instrumentation = deps.instrumentation;
  return {
    runAttempt: instrumentation
      ? (event, attempt) => instrumentation.wrapAttempt(event, attempt, () => runAttempt(event, attempt))
      : runAttempt,
    finalFailure,
    logOutcome,
    sentEvent(id, name, kind, data, idempotencyKey, enqueuedAt, runAt, payloadFingerprint) {
      validateIdempotencyKey(idempotencyKey);
      return new SentEvent(
        owner,
        id,
        name,
        kind,
        data,
        idempotencyKey,
        enqueuedAt,
        runAt,
        payloadFingerprint,
      );
    },
  };
}
