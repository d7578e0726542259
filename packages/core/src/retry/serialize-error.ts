import type { SerializedError } from '../contracts/serialized-error';
import type { ErrorClassification } from './classification';
import { classifyError } from './classify-error';
import { httpStatusOf, isObject } from './http-details';
import { isResendError } from './resend-error';

/** Causes kept below the top error; deeper ones are cut off. */
const MAX_CAUSE_DEPTH = 5;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function')
    return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // circular or otherwise unserialisable
  }
}

function nameOf(error: Record<string, unknown>): string {
  const name = typeof error.name === 'string' && error.name ? error.name : 'Error';
  // Stripe errors keep the class name in `type` and leave `name` as plain `Error`.
  if (name === 'Error' && typeof error.type === 'string' && /^[A-Z]\w*Error$/.test(error.type))
    return error.type;
  return name;
}

function serializeOne(error: unknown): SerializedError {
  try {
    return serializeUnsafe(error);
  } catch {
    // A throwing getter or a hostile Proxy: still record that something failed.
    return { name: 'NonError', message: 'unserialisable thrown value' };
  }
}

function serializeUnsafe(error: unknown): SerializedError {
  if (isResendError(error)) {
    const out: SerializedError = { name: 'ResendError', message: error.message, code: error.name };
    if (error.statusCode !== null) out.status = error.statusCode;
    return out;
  }
  if (!(error instanceof Error)) return { name: 'NonError', message: text(error) };
  const bag = error as unknown as Record<string, unknown>;
  const out: SerializedError = {
    name: nameOf(bag),
    message: typeof error.message === 'string' ? error.message : '',
  };
  if (typeof bag.code === 'string' || typeof bag.code === 'number') out.code = String(bag.code);
  const status = httpStatusOf(error);
  if (status !== undefined) out.status = status;
  if (typeof error.stack === 'string') out.stack = error.stack;
  return out;
}

function safeClassify(error: unknown): ErrorClassification {
  try {
    return classifyError(error);
  } catch {
    return { retryable: true, reason: 'unclassified error' };
  }
}

function causeOf(error: unknown): unknown {
  try {
    return isObject(error) ? error.cause : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns anything thrown into plain JSON for a dead letter or a log row: `name`, `message`,
 * `code`, HTTP `status`, `retryable`, `stack` and the `cause` chain.
 *
 * Guarantees: the result is JSON-safe and never throws. The cause chain keeps at most 5 causes
 * and stops at a cycle. A non-Error throwable becomes `{ name: 'NonError', message }` with the
 * value as text (JSON where possible). A Resend error object becomes `{ name: 'ResendError',
 * code: <resend name>, status }`; a Stripe error takes its class name from `type`.
 * `retryable` comes from `classification`, or from {@link classifyError} when none is given;
 * causes carry no `retryable`.
 *
 * @example
 * ```ts
 * const smtpError = new Error('550 mailbox unavailable');
 * serializeError(new PermanentError('address rejected', { cause: smtpError }));
 * // { name: 'PermanentError', message: 'address rejected', code: 'LIFELINE_PERMANENT',
 * //   retryable: false, stack: '...', cause: { name: 'Error', message: '550 ...', ... } }
 * ```
 */
export function serializeError(error: unknown, classification?: ErrorClassification): SerializedError {
  const top = serializeOne(error);
  top.retryable = (classification ?? safeClassify(error)).retryable;
  const seen = new Set<unknown>([error]);
  let parent = top;
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
    const cause = causeOf(current);
    if (cause === undefined) break;
    current = cause;
    if (seen.has(current)) break;
    seen.add(current);
    const next = serializeOne(current);
    parent.cause = next;
    parent = next;
  }
  return top;
}

/**
 * A short one-line description of anything thrown, `Name: message` (just `Name` when the
 * message is empty), for log lines and alert titles. Line breaks in the message become spaces.
 *
 * @example
 * ```ts
 * describeError(new TypeError('fetch failed')); // 'TypeError: fetch failed'
 * describeError('boom');                        // 'NonError: boom'
 * ```
 */
export function describeError(error: unknown): string {
  const { name, message } = serializeOne(error);
  const line = message.replace(/\s*\r?\n\s*/g, ' ').trim();
  return line ? `${name}: ${line}` : name;
}
