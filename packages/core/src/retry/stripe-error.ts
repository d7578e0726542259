import {
  type ErrorClassification,
  isRetryableStatus,
  permanentBecause,
  retryableBecause,
} from './classification';
import { headerOf, isObject, retryAfterMsOf } from './http-details';

/** Stripe error types that retrying the same request cannot fix. */
const PERMANENT_TYPES = new Set([
  'StripeCardError',
  'StripeInvalidRequestError',
  'StripeAuthenticationError',
  'StripePermissionError',
  'StripeIdempotencyError',
  'StripeSignatureVerificationError',
]);

const RATE_LIMIT_TYPES = new Set(['StripeRateLimitError', 'RateLimitError']);

/** `StripeInvalidRequestError` → `invalid request`, `RateLimitError` (v2) → `rate limit`. */
function words(type: string): string {
  return type
    .replace(/^Stripe/, '')
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/**
 * @internal True for an error thrown by the `stripe` SDK (any class deriving from `StripeError`).
 * Checked by shape (`type`, `raw`, `rawType`) so no `stripe` import is needed.
 */
export function isStripeError(error: unknown): error is Record<string, unknown> & { type: string } {
  return isObject(error) && typeof error.type === 'string' && 'raw' in error && 'rawType' in error;
}

/**
 * @internal Classifies a Stripe SDK error the way Stripe's own client decides retries, plus
 * rate limits (which the SDK does not retry): `Stripe-Should-Retry` wins when present;
 * connection errors, rate limits, 409 conflicts and 5xx API errors are retryable; card,
 * invalid-request, authentication, permission, idempotency and signature errors are permanent.
 */
export function classifyStripeError(
  error: Record<string, unknown> & { type: string },
  now: number,
): ErrorClassification {
  const status = typeof error.statusCode === 'number' ? error.statusCode : undefined;
  const code = typeof error.code === 'string' && error.code ? error.code : undefined;
  const label = `Stripe ${words(error.type)} error${code ? ` (${code})` : status ? ` (HTTP ${status})` : ''}`;
  const retryable = (reason: string) => retryableBecause(reason, status, retryAfterMsOf(error, now));
  const permanent = (reason: string) => permanentBecause(reason, status);

  const shouldRetry = headerOf(error, 'stripe-should-retry');
  if (shouldRetry === 'false') return permanent(`${label}; Stripe-Should-Retry: false`);
  if (shouldRetry === 'true') return retryable(`${label}; Stripe-Should-Retry: true`);

  if (error.type === 'StripeConnectionError') return retryable(label);
  if (RATE_LIMIT_TYPES.has(error.type)) return retryable(label);
  if (
    PERMANENT_TYPES.has(error.type) ||
    error.type.startsWith('StripeOAuth') ||
    error.type.startsWith('StripeInvalid')
  ) {
    return permanent(label);
  }
  if (status === undefined) {
    // An API error without a status is a broken response (invalid JSON): worth another try.
    return error.type === 'StripeAPIError' ? retryable(label) : permanent(label);
  }
  // Stripe's own client retries 409 conflicts (lock timeouts, concurrent idempotent requests).
  if (status === 409 || isRetryableStatus(status)) return retryable(label);
  return permanent(label);
}
