import type { IdempotencyStore } from '../contracts/idempotency-store';
import { type IdempotencyOptions, type IdempotentRun, runIdempotently } from './run-idempotently';

/**
 * Runs `fn` once per `key`, however many times and from however many workers it is called: the first
 * caller runs it and stores its result; later callers get that stored result without running it.
 *
 * Guarantee: with a store that keeps the `IdempotencyStore` contract, `fn` runs to completion at most
 * once per key while its lease holds (`leaseMs`, default 60 s) and its result is remembered for
 * `ttlMs` (default 7 days). A failure releases the key so a retry runs `fn` again. A concurrent caller
 * gets `IdempotencyInProgressError` (or, with `onInProgress: 'wait'`, the result once it exists); a
 * caller with a different `fingerprint` under the same key gets `IdempotencyMismatchError`.
 * Results must be JSON-serialisable: duplicates receive the JSON form (`undefined` becomes `null`).
 *
 * @example
 * ```ts
 * const store = memoryIdempotencyStore();
 * const purchase = { purchaseId: 'p_1', email: 'ada@example.com' };
 * const key = `receipt:${purchase.purchaseId}`;
 * const sent = await idempotent(
 *   store,
 *   key,
 *   () => mailer.send({ to: purchase.email, subject: 'Your receipt', text: 'Thanks!' }, { idempotencyKey: key }),
 *   { fingerprint: fingerprint(purchase) },
 * );
 * ```
 */
export function idempotent<T>(
  store: IdempotencyStore,
  key: string,
  fn: () => Promise<T>,
  options?: IdempotencyOptions,
): Promise<T> {
  return runIdempotently(store, key, fn, options).then(resultOf);
}

const resultOf = <T>(run: IdempotentRun<T>): T => run.result;
