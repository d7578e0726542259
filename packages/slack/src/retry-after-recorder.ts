import { parseRetryAfter } from '@lifeline/core/adapter';
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
    lastRetryAfterMs =
      response.status === 429 ? retryAfterOf(response.headers.get('retry-after')) : undefined;
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

function retryAfterOf(value: string | null): number | undefined {
  return value === null ? undefined : parseRetryAfter(value, Date.now());
}
