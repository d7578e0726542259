import { guardFor, LifelineError, type LifelineErrorOptions } from './lifeline-error';

/**
 * A compare-and-set transition lost: the record was not in the expected state
 * (e.g. resolving an already resolved dead letter, or a second concurrent redrive).
 */
export class InvalidTransitionError extends LifelineError {
  constructor(
    readonly id: string,
    readonly expected: string | readonly string[],
    readonly actual: string,
    readonly target: string,
  ) {
    const want = typeof expected === 'string' ? expected : expected.join(' or ');
    super(
      `Cannot move "${id}" to "${target}": it is "${actual}", expected ${want} (someone else may have acted on it first)`,
      'LIFELINE_INVALID_TRANSITION',
    );
  }
}

/** A record looked up by id does not exist. */
export class NotFoundError extends LifelineError {
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} "${id}" was not found`, 'LIFELINE_NOT_FOUND');
  }
}

/** An attempt ran past its time limit and was aborted. Retryable. */
export class TimeoutError extends LifelineError {
  constructor(
    readonly timeoutMs: number,
    options: LifelineErrorOptions = {},
  ) {
    super(`Attempt timed out after ${timeoutMs} ms`, 'LIFELINE_TIMEOUT', options);
  }
}

/**
 * The queue did not accept the event. The caller must not report success:
 * a webhook route answers non-2xx so its sender retries.
 */
export class QueueRefusedError extends LifelineError {
  constructor(message: string, options: LifelineErrorOptions = {}) {
    super(message, 'LIFELINE_QUEUE_REFUSED', options);
  }
}

/** Lifeline was configured in a way that cannot work; the message says what to change. */
export class ConfigurationError extends LifelineError {
  constructor(message: string, options: LifelineErrorOptions = {}) {
    super(message, 'LIFELINE_CONFIGURATION', options);
  }
}

/** True for an {@link InvalidTransitionError} from any copy of the package. */
export const isInvalidTransitionError = guardFor<InvalidTransitionError>('LIFELINE_INVALID_TRANSITION');
/** True for a {@link NotFoundError} from any copy of the package. */
export const isNotFoundError = guardFor<NotFoundError>('LIFELINE_NOT_FOUND');
/** True for a {@link TimeoutError} from any copy of the package. */
export const isTimeoutError = guardFor<TimeoutError>('LIFELINE_TIMEOUT');
/** True for a {@link QueueRefusedError} from any copy of the package. */
export const isQueueRefusedError = guardFor<QueueRefusedError>('LIFELINE_QUEUE_REFUSED');
/** True for a {@link ConfigurationError} from any copy of the package. */
export const isConfigurationError = guardFor<ConfigurationError>('LIFELINE_CONFIGURATION');
