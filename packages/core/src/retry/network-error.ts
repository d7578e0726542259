import { isObject } from './http-details';

/** Node / libuv socket error codes that mean the request may not have reached the server, or the reply was lost. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
]);

/** Messages fetch implementations use for a network failure (the same list `is-network-error` knows). */
const FETCH_MESSAGES = new Set([
  'fetch failed', // undici (Node.js)
  'terminated', // undici, body cut off
  'Failed to fetch', // Chromium
  'network error', // Chromium
  'NetworkError when attempting to fetch resource.', // Firefox
  'The Internet connection appears to be offline.', // Safari
  'Load failed', // Safari 17+
  'Network request failed', // cross-fetch
  'Network connection lost', // Cloudflare Workers
]);

function codeOf(error: unknown): string | undefined {
  if (!isObject(error)) return undefined;
  const code = error.code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR_'))) return code;
  return undefined;
}

/**
 * @internal Describes a network-level failure, or returns `undefined` when `error` is not one.
 *
 * Recognises socket error codes (`ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, `ENOTFOUND`,
 * `EAI_AGAIN`, `EPIPE`, undici's `UND_ERR_*`, ...) on the error or up to three causes deep, and
 * fetch's `TypeError` network messages (`fetch failed` in Node, whose cause holds the code).
 * The result is a short reason such as `network error ECONNRESET` or `network error (fetch failed)`.
 */
export function networkErrorReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && isObject(current); depth++) {
    const code = codeOf(current);
    if (code) return `network error ${code}`;
    current = current.cause;
  }
  if (!isObject(error) || error.name !== 'TypeError' || typeof error.message !== 'string') return undefined;
  const { message } = error;
  return FETCH_MESSAGES.has(message) || message.startsWith('Failed to fetch (')
    ? `network error (${message})`
    : undefined;
}
