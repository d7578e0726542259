/** Used when Resend rate-limits without saying for how long. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * Reads how long Resend asked us to wait, in milliseconds: `Retry-After` (seconds or an HTTP
 * date), then `ratelimit-reset` (seconds), else `undefined`. Header names are lower case, as the
 * SDK returns them.
 */
export function retryAfterMs(headers: Record<string, string> | null | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  for (const name of ['retry-after', 'ratelimit-reset']) {
    const value = headers[name]?.trim();
    if (!value) continue;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(value);
    if (name === 'retry-after' && Number.isFinite(date)) return Math.max(0, date - now);
  }
  return undefined;
}
