import {
  type ErrorClassification,
  isRetryableStatus,
  permanentBecause,
  retryableBecause,
} from './classification';
import { isObject, retryAfterMsOf } from './http-details';

/**
 * Resend error names that a retry of the same request cannot fix. The quota errors are here on
 * purpose: a daily or monthly quota does not reset within any sensible backoff, so the work goes
 * to the dead-letter store at once and is redriven after the quota resets or the plan changes.
 */
const PERMANENT_NAMES = new Set([
  'validation_error',
  'missing_required_field',
  'invalid_parameter',
  'invalid_from_address',
  'invalid_attachment',
  'invalid_region',
  'invalid_access',
  'invalid_api_key',
  'restricted_api_key',
  'missing_api_key',
  'not_found',
  'method_not_allowed',
  'invalid_idempotency_key',
  'invalid_idempotent_request',
  'security_error',
  'daily_quota_exceeded',
  'monthly_quota_exceeded',
]);

/** Resend error names worth another attempt. */
const RETRYABLE_NAMES = new Set([
  'rate_limit_exceeded',
  'concurrent_idempotent_requests',
  'application_error',
  'internal_server_error',
]);

/** The error object `resend` returns (it never throws): `{ name, message, statusCode }`. */
export interface ResendErrorLike {
  name: string;
  message: string;
  statusCode: number | null;
}

/**
 * @internal True for a Resend error object as `resend` 6 returns it in `{ data: null, error }`:
 * a snake_case `name`, a `message` and a `statusCode` (number, or null when no response came).
 */
export function isResendError(value: unknown): value is ResendErrorLike {
  if (!isObject(value) || typeof value.name !== 'string' || typeof value.message !== 'string') return false;
  if (!('statusCode' in value) || (value.statusCode !== null && typeof value.statusCode !== 'number'))
    return false;
  return (
    PERMANENT_NAMES.has(value.name) ||
    RETRYABLE_NAMES.has(value.name) ||
    /^[a-z]+(_[a-z]+)+$/.test(value.name)
  );
}

/**
 * @internal Classifies a Resend error object by its `name`, with the HTTP status as the fallback
 * for names this version does not know. `headers` (the `headers` of Resend's response, when the
 * caller has them) supply `Retry-After`. `application_error` with `statusCode: null` is what
 * Resend returns for a network error, an abort or an unreadable reply: retryable.
 */
export function classifyResendError(
  error: ResendErrorLike,
  now: number,
  headers?: unknown,
): ErrorClassification {
  const status = typeof error.statusCode === 'number' ? error.statusCode : undefined;
  const label = `Resend ${error.name}${status ? ` (HTTP ${status})` : ' (no HTTP response)'}`;
  let retryable: boolean;
  if (PERMANENT_NAMES.has(error.name)) retryable = false;
  else if (RETRYABLE_NAMES.has(error.name) || status === undefined) retryable = true;
  else retryable = isRetryableStatus(status);
  if (!retryable) return permanentBecause(label, status);
  return retryableBecause(label, status, retryAfterMsOf(headers === undefined ? error : { headers }, now));
}
