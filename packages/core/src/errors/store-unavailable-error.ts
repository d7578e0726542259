import { guardFor, LifelineError } from './lifeline-error';

/**
 * Which of the runtime's stores failed. `database`: a database client (e.g. `@lifeline/postgres`'s
 * `SqlClient`) lost its connection, below any one store; the runtime's guard names the store it was for.
 */
export type StoreName = 'idempotency' | 'log' | 'deadLetters' | 'throttle' | 'queue' | 'database';

/**
 * The result of work that ran but whose completion the idempotency store did not take: kept on the
 * error so the runtime can store it on the next try instead of running the work again.
 */
export interface PendingCompletion {
  /** The idempotency key. */
  key: string;
  /** The claim token the work ran under. */
  token: string;
  /** The result to store (`null` for `undefined`). */
  result: unknown;
  /** How long the completed key is kept. */
  ttlMs: number;
}

/**
 * A store (idempotency keys, operation log, dead letters, throttle, queue) could not be reached or
 * failed to answer. This is an infrastructure fault, not a failure of the work: the runtime never
 * spends one of an operation's attempts on it. The attempt is tried again, under the same number,
 * after a capped exponential delay, for as long as the outage lasts.
 *
 * The store's own error is kept on `cause`.
 */
export class StoreUnavailableError extends LifelineError {
  constructor(
    /** The store that failed. */
    readonly store: StoreName,
    /** The method that failed, e.g. `claim`. */
    readonly method: string,
    options: { cause?: unknown; completion?: PendingCompletion } = {},
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `The ${store} store failed on ${method}() (${reason}); the attempt is not counted and will be tried again when the store answers`,
      'LIFELINE_STORE_UNAVAILABLE',
      options,
    );
    if (options.completion) this.completion = options.completion;
  }

  /** Set when the work ran and only storing its result failed (see {@link PendingCompletion}). */
  declare readonly completion?: PendingCompletion;
}

/** True for a {@link StoreUnavailableError} from any copy of the package. */
export const isStoreUnavailableError = guardFor<StoreUnavailableError>('LIFELINE_STORE_UNAVAILABLE');
