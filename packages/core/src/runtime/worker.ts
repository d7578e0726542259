import type { Clock } from '../clock/clock';
import type { Alerter } from '../contracts/alerter';
import type { DeadLetter, DeadLetterStore } from '../contracts/dead-letter-store';
import type { IdempotencyStore } from '../contracts/idempotency-store';
import type { Logger } from '../contracts/logger';
import type { Mailer } from '../contracts/mailer';
import type { AttemptOutcome, OperationLog } from '../contracts/operation-log';
import type { AttemptResult, QueuedEvent, QueueWorker } from '../contracts/queue';
import { isIdempotencyInProgressError } from '../errors/idempotency-errors';
import { ConfigurationError, isInvalidTransitionError } from '../errors/state-errors';
import { fingerprint } from '../idempotency/fingerprint';
import { runIdempotently } from '../idempotency/run-idempotently';
import { classifyError } from '../retry/classify-error';
import { planNextAttempt } from '../retry/retry-policy';
import { describeError, serializeError } from '../retry/serialize-error';
import { runWithTimeout } from '../retry/with-timeout';
import type { Throttle } from '../throttle/throttle';
import type { AlertDispatcher } from './alert-dispatcher';
import type { DeadLetterRecorder } from './dead-letter-recorder';
import type { AnyOperation } from './define-operation';
import { failureAlert, failureSeverity } from './failure-alert';
import { callHook, type LifelineHooks } from './hooks';
import type { OperationContext } from './operation-context';

/** Everything the worker needs; built by `createLifeline`. */
export interface WorkerDependencies {
  operations: ReadonlyMap<string, AnyOperation>;
  idempotency: IdempotencyStore;
  deadLetters: DeadLetterStore;
  log: OperationLog;
  throttle: Throttle;
  recorder: DeadLetterRecorder;
  dispatcher: AlertDispatcher;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  alerter: Alerter;
  hooks: LifelineHooks;
  random: () => number;
  adminUrl?: string;
  send: OperationContext['send'];
  /** Called once per event when it reaches a final result (used by `redrive(..., { wait: true })`). */
  onFinal: (event: QueuedEvent, result: AttemptResult) => void;
}

/** How long a claim lasts when the operation sets no timeout: long enough for slow work, short enough to recover. */
const DEFAULT_LEASE_MS = 5 * 60_000;
/** How often a duplicate waits for the holder of its key. */
const IN_PROGRESS_POLL_MS = 1_000;

/**
 * The one execution path: validate → throttle → idempotency claim → run with timeout and signal → log the
 * outcome → on final failure, dead letter + alert. Every queue (in-process, Inngest) calls this, so the
 * semantics live in one place. `runAttempt` never throws.
 */
export function createWorker(deps: WorkerDependencies): QueueWorker & {
  /** Records a final failure (dead letter or reopened redrive, alert); returns the dead letter written, if any. */
  finalFailure(event: QueuedEvent, error: unknown, attempts: number): Promise<DeadLetter | undefined>;
  /** Appends one operation-log row. */
  logOutcome(
    event: QueuedEvent,
    attempt: number,
    outcome: AttemptOutcome,
    startedAt: number,
    error?: unknown,
  ): Promise<void>;
} {
  const firstFailedAt = new Map<string, number>();
  const hookError = (error: unknown) =>
    deps.logger.warn('lifeline: hook threw', { error: describeError(error) });

  async function logOutcome(
    event: QueuedEvent,
    attempt: number,
    outcome: AttemptOutcome,
    startedAt: number,
    error?: unknown,
    delayMs?: number,
  ) {
    const record = {
      operation: event.name,
      kind: event.kind,
      idempotencyKey: event.idempotencyKey,
      attempt,
      outcome,
      at: deps.clock.now(),
      durationMs: deps.clock.now() - startedAt,
      enqueuedAt: event.enqueuedAt,
      ...(error === undefined ? {} : { error: describeError(error).slice(0, 1000) }),
      ...(delayMs === undefined ? {} : { delayMs }),
    };
    try {
      await deps.log.append(record);
    } catch (logError) {
      deps.logger.error('lifeline: operation log write failed', { record, error: describeError(logError) });
    }
    callHook(deps.hooks.onAttempt, [record], hookError);
  }

  async function settleRedrive(event: QueuedEvent, to: 'resolved' | 'open', error?: unknown) {
    if (!event.redriveOf) return;
    try {
      await deps.deadLetters.transition(event.redriveOf, {
        from: 'retrying',
        to,
        by: 'redrive',
        at: deps.clock.now(),
        ...(to === 'resolved' ? { note: 'redrive succeeded' } : { error: serializeError(error) }),
      });
    } catch (transitionError) {
      // An admin resolved it meanwhile: their decision stands.
      if (!isInvalidTransitionError(transitionError)) throw transitionError;
      deps.logger.warn('lifeline: dead letter changed while its redrive ran', {
        id: event.redriveOf,
        error: describeError(transitionError),
      });
    }
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
      meta: { eventId: event.id, ...(event.redriveOf ? { redriveOf: event.redriveOf } : {}) },
    };
    firstFailedAt.delete(event.id);
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
      const data = operation.parse(event.data);
      if (operation.throttle) {
        const key = operation.throttle.key
          ? `${operation.name}:${operation.throttle.key(data)}`
          : operation.name;
        await deps.throttle.acquire(key, {
          limit: operation.throttle.limit,
          periodMs: operation.throttle.periodMs,
        });
      }
      const context = (signal: AbortSignal): OperationContext => ({
        name: operation.name,
        attempt,
        maxAttempts: operation.retryPolicy.attempts,
        idempotencyKey: event.idempotencyKey,
        eventId: event.id,
        signal,
        logger: deps.logger,
        mailer: deps.mailer,
        alerter: deps.alerter,
        idempotency: deps.idempotency,
        clock: deps.clock,
        send: deps.send,
      });
      const run = await runIdempotently(
        deps.idempotency,
        event.idempotencyKey,
        () =>
          runWithTimeout((signal) => operation.run(data, context(signal)), {
            timeoutMs: operation.timeoutMs,
            clock: deps.clock,
          }),
        {
          fingerprint: fingerprint(data),
          leaseMs: (operation.timeoutMs ?? DEFAULT_LEASE_MS) + 30_000,
          ttlMs: operation.idempotencyTtlMs,
          clock: deps.clock,
        },
      );
      const outcome = run.status === 'duplicate' ? 'duplicate' : 'succeeded';
      await logOutcome(event, attempt, outcome, startedAt);
      await settleRedrive(event, 'resolved');
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
      firstFailedAt.delete(event.id);
      const result: AttemptResult = { status: outcome };
      deps.onFinal(event, result);
      return result;
    } catch (error) {
      return failedAttempt(event, attempt, startedAt, operation, error);
    }
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
      deps.logger.error('lifeline: internal error while handling a failed attempt; retrying the event', {
        operation: event.name,
        error: describeError(internal),
      });
      return { status: 'retry', delayMs: 1_000, error: internal };
    }
  }

  return { runAttempt, finalFailure, logOutcome };
}
