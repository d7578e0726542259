import { parseRetryAfter } from '@lifeline/core/adapter';

/** Used when Resend rate-limits without saying for how long. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * @internal How long Resend asked us to wait, in milliseconds: `Retry-After` (seconds or an HTTP
 * date), then `ratelimit-reset` (seconds), else `undefined`. Header names are lower case, as the
 * SDK returns them.
 */
export function retryAfterMs(
  headers: Record<string, string> | null | undefined,
  now = Date.now(),
): number | undefined {
  const retryAfter = headers?.['retry-after'];
  const fromRetryAfter = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now);
  if (fromRetryAfter !== undefined) return fromRetryAfter;
  const reset = Number(headers?.['ratelimit-reset']);
  return headers?.['ratelimit-reset'] !== undefined && Number.isFinite(reset) && reset >= 0
    ? Math.ceil(reset * 1000)
    : undefined;
}
