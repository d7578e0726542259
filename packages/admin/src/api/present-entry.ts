import type { DeadLetter, DeadLetterTransition, SerializedError } from '@lifeline/core';
import { finalErrorMessage, isPermanent } from './final-error';
import { maskSecrets } from './mask';

/** A dead letter as the admin API returns it: secrets masked unless revealed. */
export interface FailedOperationView {
  /** The dead letter's id. */
  id: string;
  /** `email`, `webhook` or `job`. */
  kind: DeadLetter['kind'];
  /** The operation's name. */
  name: string;
  /** `open`, `retrying` or `resolved`. */
  status: DeadLetter['status'];
  /** Attempts that ran before it was dead-lettered. */
  attempts: number;
  /** Redrives started so far. */
  retryCount: number;
  /** The business key a redrive runs under, so the work happens once. */
  idempotencyKey: string;
  /** Epoch ms. */
  firstFailedAt: number;
  /** Epoch ms; the list is ordered by it, newest first. */
  failedAt: number;
  /** Epoch ms of the last redrive. */
  lastRetriedAt?: number;
  /** Epoch ms when it was resolved. */
  resolvedAt?: number;
  /** The admin who resolved it, or whose retry (redrive) succeeded. */
  resolvedBy?: string;
  /** The resolution note. */
  note?: string;
  /** The error chain (`cause` nested); stacks only in the detail view. As stored, masked. */
  error: SerializedError;
  /**
   * The final error in human terms, one line: `Name: message`, with no promise of another retry
   * ("retrying in 18000 ms" is dropped: a dead letter is not retried unless someone acts) and durations in
   * human units.
   */
  summary: string;
  /** True when the error was classified permanent: retrying as is will fail the same way. */
  permanent: boolean;
  /** The admin who started the latest retry (redrive), if any. */
  retriedBy?: string;
  /** The payload as sent, secrets masked unless revealed. */
  payload: unknown;
  /** Context recorded with the failure (event id, run id), masked like the payload. */
  meta?: Record<string, unknown>;
  /** Every status change (detail view only). */
  history?: DeadLetterTransition[];
  /** False when no operation of this name is registered in this process, so it cannot be retried here. */
  operationRegistered: boolean;
  /** Paths that were masked (`payload.apiKey`); empty when revealed or nothing looked secret. */
  maskedFields: string[];
}

/** The admin who started the latest redrive: the `by` of the last move to `retrying`. */
export function latestRedriver(history: readonly DeadLetterTransition[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.to === 'retrying') return history[i]!.by;
  return undefined;
}

function withoutStacks(error: SerializedError): SerializedError {
  const { stack: _stack, cause, ...rest } = error;
  return cause ? { ...rest, cause: withoutStacks(cause) } : rest;
}

/**
 * Shapes a dead letter for the API and pages. `detail` adds history and stacks; `reveal` skips masking
 * (only after the caller checked the admin may reveal).
 */
export function presentEntry(
  entry: DeadLetter,
  options: { detail: boolean; reveal: boolean; registered: boolean },
): FailedOperationView {
  const error = options.detail ? entry.error : withoutStacks(entry.error);
  const raw = { payload: entry.payload, error, meta: entry.meta };
  const shown = options.reveal ? { value: raw, paths: [] } : maskSecrets(raw);
  const retriedBy = latestRedriver(entry.history);
  // Older runtimes credit a successful redrive to 'redrive'; the admin who clicked is the redriver.
  const resolvedBy = entry.resolvedBy === 'redrive' && retriedBy ? retriedBy : entry.resolvedBy;
  return {
    id: entry.id,
    kind: entry.kind,
    name: entry.name,
    status: entry.status,
    attempts: entry.attempts,
    retryCount: entry.retryCount,
    idempotencyKey: entry.idempotencyKey,
    firstFailedAt: entry.firstFailedAt,
    failedAt: entry.failedAt,
    ...(entry.lastRetriedAt === undefined ? {} : { lastRetriedAt: entry.lastRetriedAt }),
    ...(entry.resolvedAt === undefined ? {} : { resolvedAt: entry.resolvedAt }),
    ...(resolvedBy === undefined ? {} : { resolvedBy }),
    ...(retriedBy === undefined ? {} : { retriedBy }),
    ...(entry.note === undefined ? {} : { note: entry.note }),
    error: shown.value.error,
    summary: `${shown.value.error.name}: ${finalErrorMessage(shown.value.error.message)}`,
    permanent: isPermanent(entry.error),
    payload: shown.value.payload,
    ...(shown.value.meta === undefined ? {} : { meta: shown.value.meta }),
    ...(options.detail ? { history: entry.history } : {}),
    operationRegistered: options.registered,
    maskedFields: shown.paths,
  };
}
