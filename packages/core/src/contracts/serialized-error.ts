/**
 * An error as stored in a dead letter or log row: plain JSON, the `cause` chain kept.
 * Classification travels in `code` and `retryable`, never in the class (which does not survive JSON).
 */
export interface SerializedError {
  name: string;
  message: string;
  /** The Lifeline or vendor error code, e.g. `LIFELINE_PERMANENT`, `rate_limit_exceeded`. */
  code?: string;
  /** HTTP status when the error came from an HTTP response. */
  status?: number;
  /** Whether classification judged it retryable when it was recorded. */
  retryable?: boolean;
  stack?: string;
  cause?: SerializedError;
}
