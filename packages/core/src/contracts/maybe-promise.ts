/**
 * A value now or a promise of it. The hot methods of a store contract (`IdempotencyStore.claim`,
 * `complete`, `release`; `OperationLog.append`) return this, so an in-memory store can answer at once
 * and the runtime awaits only when a store hands it a promise. A durable store simply returns its
 * promise (an `async` method satisfies the type).
 *
 * Guarantee asked of an implementation: it fails by returning a rejected promise, never by throwing
 * synchronously, so callers that chain `.then`/`.catch` or `await` see the same error either way.
 */
export type MaybePromise<T> = T | Promise<T>;

/** @internal True when `value` is a promise (or any thenable) to await; false for a value given at once. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
