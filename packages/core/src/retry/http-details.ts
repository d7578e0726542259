/**
 * Reading HTTP facts (status, headers, `Retry-After`) off the many shapes vendor errors take.
 * Internal to the retry folder: {@link classifyError} and {@link serializeError} use it.
 */

type Bag = Record<string, unknown>;

/** @internal true for a non-null object or function (anything that can hold properties). */
export function isObject(value: unknown): value is Bag {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function asStatus(value: unknown): number | undefined {
  const status = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
    ? status
    : undefined;
}

/**
 * @internal The HTTP status carried by an error: `status`, `statusCode`, then `response.status`
 * / `response.statusCode`. Only integers 100..599 count.
 */
export function httpStatusOf(error: unknown): number | undefined {
  if (!isObject(error)) return undefined;
  const direct = asStatus(error.status) ?? asStatus(error.statusCode);
  if (direct !== undefined) return direct;
  const response = error.response;
  return isObject(response) ? (asStatus(response.status) ?? asStatus(response.statusCode)) : undefined;
}

function headerFrom(headers: unknown, name: string): string | undefined {
  if (!isObject(headers)) return undefined;
  if (typeof headers.get === 'function') {
    // Headers (case-insensitive) or a Map keyed by lower-case names.
    const value = (headers.get as (key: string) => unknown).call(headers, name);
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
    return undefined;
  }
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== name) continue;
    const value = headers[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

/**
 * @internal A response header carried by an error, looked up case-insensitively in `headers`
 * (a plain object, a `Headers` instance or a Map) and then in `response.headers`.
 * `name` must be lower-case.
 */
export function headerOf(error: unknown, name: string): string | undefined {
  if (!isObject(error)) return undefined;
  return (
    headerFrom(error.headers, name) ??
    (isObject(error.response) ? headerFrom(error.response.headers, name) : undefined)
  );
}

/**
 * Parses a `Retry-After` header value into milliseconds to wait: either delta-seconds (`"120"`,
 * `"1.5"`) or an HTTP date (`"Wed, 21 Oct 2026 07:28:00 GMT"`, measured from `now`; a date in the
 * past means 0). Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * parseRetryAfter('30', Date.now()); // 30_000
 * ```
 */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date always names a weekday or month; a bare number was handled above.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * @internal How long the error's response asked us to wait, from `retry-after-ms` (milliseconds,
 * sent by some APIs) or `retry-after` (seconds or HTTP date). `undefined` when neither is usable.
 */
export function retryAfterMsOf(error: unknown, now: number): number | undefined {
  const ms = headerOf(error, 'retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms.trim()));
  const header = headerOf(error, 'retry-after');
  return header === undefined ? undefined : parseRetryAfter(header, now);
}
