import type { FetchFunction } from '@slack/webhook';

/**
 * `@slack/webhook` throws `IncomingWebhookHTTPError` without the response headers, so Slack's
 * `Retry-After` would be lost. This wraps `fetch` (passed as `new IncomingWebhook(url, { fetch })`)
 * and remembers the delay of the last 429; deliveries are serial, so "last" is "this one".
 */
export function retryAfterRecorder(fetchFn: FetchFunction = globalThis.fetch as unknown as FetchFunction) {
  let lastRetryAfterMs: number | undefined;
  const fetch: FetchFunction = async (url, init) => {
    const response = await fetchFn(url, init);
    lastRetryAfterMs = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
    return response;
  };
  return {
    fetch,
    /** The delay the last response asked for, once; `undefined` when it gave none. */
    take(): number | undefined {
      const value = lastRetryAfterMs;
      lastRetryAfterMs = undefined;
      return value;
    },
  };
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
