import { guardFor, LifelineError } from './lifeline-error';

/**
 * Another worker holds the claim on this idempotency key and its lease has not expired.
 * Retryable: the holder will complete or release the key, or its lease will run out.
 */
export class IdempotencyInProgressError extends LifelineError {
  constructor(
    readonly key: string,
    readonly leaseExpiresAt: number,
  ) {
    super(
      `Idempotency key "${key}" is being processed by another worker (lease until ${new Date(leaseExpiresAt).toISOString()}); retry later`,
      'LIFELINE_IDEMPOTENCY_IN_PROGRESS',
    );
  }
}

/**
 * The idempotency key was used before with a different payload. Never retried: replaying the
 * first result for a different request would be a silent lie, so the caller must pick a new key.
 */
export class IdempotencyMismatchError extends LifelineError {
  constructor(
    readonly key: string,
    readonly storedFingerprint: string,
    readonly fingerprint: string,
  ) {
    super(
      `Idempotency key "${key}" was already used with a different payload (stored fingerprint ${storedFingerprint}, this one ${fingerprint}); use a new key for a different request`,
      'LIFELINE_IDEMPOTENCY_MISMATCH',
    );
  }
}

/** True for an {@link IdempotencyInProgressError} from any copy of the package. */
export const isIdempotencyInProgressError = guardFor<IdempotencyInProgressError>(
  'LIFELINE_IDEMPOTENCY_IN_PROGRESS',
);
/** True for an {@link IdempotencyMismatchError} from any copy of the package. */
export const isIdempotencyMismatchError = guardFor<IdempotencyMismatchError>('LIFELINE_IDEMPOTENCY_MISMATCH');
