/**
 * The error a faulty fake throws for an injected failure. Shaped like a vendor HTTP error, so
 * `classifyError` judges it the way it would a real one: `status` (and `statusCode`) when a status was
 * configured, and for 429 / 503 a `retryAfterMs` with the matching `headers['retry-after']`.
 * Without a status it has none, like a network failure, and is retryable.
 */
export class InjectedFaultError extends Error {
  /** Always true: tells injected failures from real ones. */
  readonly injected = true;
  // `declare`: set only when configured, so a fault without a status has no `status` key at all.
  /** HTTP status, when one was configured. */
  declare readonly status?: number;
  /** The same status, under the name some SDKs use. */
  declare readonly statusCode?: number;
  /** How long the "server" asked to wait, for 429 (default 1 000 ms) or when configured. */
  declare readonly retryAfterMs?: number;
  /** Response headers: `retry-after` in seconds when `retryAfterMs` is set. */
  declare readonly headers?: Record<string, string>;

  constructor(message: string, options: { status?: number; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'InjectedFaultError';
    if (options.status !== undefined)
      Object.assign(this, { status: options.status, statusCode: options.status });
    if (options.retryAfterMs !== undefined) {
      const headers = { 'retry-after': String(Math.ceil(options.retryAfterMs / 1000)) };
      Object.assign(this, { retryAfterMs: options.retryAfterMs, headers });
    }
  }
}
