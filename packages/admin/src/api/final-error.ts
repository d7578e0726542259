import type { SerializedError } from '@lifeline/core';
import { formatDuration } from '../pages/format';

/** A promise of another attempt at the end of an error message: false once the work is dead-lettered. */
const RETRY_PROMISE =
  /\s*[;,]?\s*(?:(?:retrying|will retry|retry) in \d[\d_,.]*\s?(?:ms|milliseconds|s|seconds)|will retry|retrying(?: later)?)\.?\s*$/i;
/** `18000 ms`, `1500ms`, `30000 milliseconds`. */
const MILLISECONDS = /\b(\d[\d_,]*(?:\.\d+)?)\s?(?:ms|milliseconds)\b/g;

/** Rewrites `18000 ms` as `18 s` and `600000 ms` as `10 min` inside text. */
export function humanDurations(text: string): string {
  return text.replace(MILLISECONDS, (match, digits: string) => {
    const ms = Number(digits.replace(/[_,]/g, ''));
    return Number.isFinite(ms) ? formatDuration(ms) : match;
  });
}

/**
 * An error message as it reads once the work has stopped retrying: a trailing "retrying in 18000 ms" or
 * "will retry" (true when the attempt failed, false on a dead letter) is dropped, and durations read in
 * human units. The stored error is not changed. For example, "Resend is rate limiting (rate_limit_exceeded,
 * 429); retrying in 18000 ms." reads "Resend is rate limiting (rate_limit_exceeded, 429)."
 */
export function finalErrorMessage(message: string): string {
  const trimmed = message.replace(RETRY_PROMISE, '');
  const ended = trimmed === message ? trimmed : `${trimmed.replace(/[.;,\s]+$/, '')}.`;
  return humanDurations(ended);
}

/** The error chain with every message made final ({@link finalErrorMessage}). */
export function finalError(error: SerializedError): SerializedError {
  const { cause, ...rest } = error;
  return {
    ...rest,
    message: finalErrorMessage(error.message),
    ...(cause ? { cause: finalError(cause) } : {}),
  };
}

/** True when classification judged the error permanent: running it again as is will fail the same way. */
export function isPermanent(error: SerializedError): boolean {
  return error.retryable === false || error.code === 'LIFELINE_PERMANENT';
}
