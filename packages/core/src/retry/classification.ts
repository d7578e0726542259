/**
 * What {@link classifyError} decided about one failure: retry it or not, and why in a few words.
 * `status` is the HTTP status when the failure came from a response; `retryAfterMs` is how long
 * the sender asked us to wait (it replaces the backoff delay for the next attempt).
 */
export type ErrorClassification =
  | {
      /** Worth another attempt. */
      retryable: true;
      /** Why, in a few words: `HTTP 503 from upstream`, `network error ECONNRESET`. */
      reason: string;
      /** HTTP status of the failed response, when there was one. */
      status?: number;
      /** How long the sender asked us to wait, in ms; replaces the backoff delay. */
      retryAfterMs?: number;
    }
  | {
      /** Not worth retrying: the same request would fail the same way. */
      retryable: false;
      /** Why, in a few words: `HTTP 404 from upstream`, `Stripe card error (card_declined)`. */
      reason: string;
      /** HTTP status of the failed response, when there was one. */
      status?: number;
    };

/** @internal builds a retryable classification, leaving out the fields that are unknown. */
export function retryableBecause(
  reason: string,
  status?: number,
  retryAfterMs?: number,
): ErrorClassification {
  const result: ErrorClassification = { retryable: true, reason };
  if (status !== undefined) result.status = status;
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
}

/** @internal builds a permanent classification, leaving out the status when it is unknown. */
export function permanentBecause(reason: string, status?: number): ErrorClassification {
  return status === undefined ? { retryable: false, reason } : { retryable: false, reason, status };
}

/** @internal HTTP statuses worth retrying: timeouts, too early, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}
