import { guardFor, LifelineError, type LifelineErrorOptions } from './lifeline-error';

/**
 * A failure that retrying cannot fix (a rejected address, a revoked API key, a malformed payload).
 * Throw it from an operation to stop retries at once and dead-letter the work.
 */
export class PermanentError extends LifelineError {
  constructor(message: string, options: LifelineErrorOptions = {}) {
    super(message, 'LIFELINE_PERMANENT', options);
  }
}

/** True for a {@link PermanentError} from any copy of the package. */
export const isPermanentError = guardFor<PermanentError>('LIFELINE_PERMANENT');
