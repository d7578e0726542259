import type { ClaimResult, IdempotencyStore } from '@lifeline/core';
import { defineSuite, randomId, type SuiteOptions, type SuiteRunner } from './suite-runner';

/** Options of {@link idempotencyStoreSuite}. */
export interface IdempotencyStoreSuiteOptions extends SuiteOptions {
  /** How many claims race for one key in the atomicity test. Default 20. */
  concurrency?: number;
}

const T0 = Date.UTC(2026, 0, 1);
const LEASE = 30_000;
const FP = 'sha256:first';
const OTHER_FP = 'sha256:second';

/**
 * The conformance suite of the `IdempotencyStore` contract: atomic claims under concurrency, lease
 * expiry and dead tokens, completed results, fingerprint mismatch, release, TTL expiry and `forget`.
 * Every test uses fresh random keys, so a shared database is fine.
 *
 * @param factory Returns the store under test (a fresh one per test, or one shared instance).
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * idempotencyStoreSuite({ describe, expect, test }, () => postgresIdempotencyStore(sql));
 * ```
 */
export function idempotencyStoreSuite(
  runner: SuiteRunner,
  factory: () => Promise<IdempotencyStore> | IdempotencyStore,
  options: IdempotencyStoreSuiteOptions = {},
): void {
  const { expect } = runner;
  const concurrency = options.concurrency ?? 20;
  const setup = async () => ({ store: await factory(), key: randomId('idem-') });
  const claimed = (claim: ClaimResult) => {
    expect(claim.status).toBe('claimed');
    return (claim as Extract<ClaimResult, { status: 'claimed' }>).token;
  };

  defineSuite(runner, 'IdempotencyStore conformance', options, (test) => {
    test('claiming a free key gives a token and a lease of leaseMs from now', async () => {
      const { store, key } = await setup();
      const claim = await store.claim(key, FP, LEASE, T0);
      const token = claimed(claim);
      expect(typeof token === 'string' && token.length > 0).toBe(true);
      expect(claim).toEqual({ status: 'claimed', token, leaseExpiresAt: T0 + LEASE });
      expect(await store.get(key)).toMatchObject({
        key,
        fingerprint: FP,
        status: 'in_progress',
        leaseExpiresAt: T0 + LEASE,
      });
      expect(await store.get(randomId('never-'))).toBeUndefined();
    });

    test(`of ${concurrency} concurrent claims of one key, exactly one is claimed`, async () => {
      const { store, key } = await setup();
      const claims = await Promise.all(
        Array.from({ length: concurrency }, () => store.claim(key, FP, LEASE, T0)),
      );
      expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(1);
      for (const claim of claims.filter((c) => c.status !== 'claimed')) {
        expect(claim).toEqual({ status: 'in_progress', leaseExpiresAt: T0 + LEASE });
      }
    });

    test('different keys are independent', async () => {
      const { store, key } = await setup();
      claimed(await store.claim(key, FP, LEASE, T0));
      claimed(await store.claim(`${key}-b`, FP, LEASE, T0));
    });

    test('a live lease makes later claims in_progress; the same fingerprint is required', async () => {
      const { store, key } = await setup();
      claimed(await store.claim(key, FP, LEASE, T0));
      expect(await store.claim(key, FP, LEASE, T0 + LEASE - 1)).toEqual({
        status: 'in_progress',
        leaseExpiresAt: T0 + LEASE,
      });
      expect(await store.claim(key, OTHER_FP, LEASE, T0 + 1)).toEqual({
        status: 'mismatch',
        storedFingerprint: FP,
      });
    });

    test('complete stores the result; later claims with the same fingerprint get it, others get mismatch', async () => {
      const { store, key } = await setup();
      const token = claimed(await store.claim(key, FP, LEASE, T0));
      const result = { id: 'email_1', list: [1, 'two', null, true], nested: { ok: false, n: -1.5 } };
      expect(await store.complete(key, token, result, T0 + 100)).toBe(true);
      expect(await store.claim(key, FP, LEASE, T0 + 200)).toEqual({
        status: 'completed',
        result,
        completedAt: T0 + 100,
      });
      expect(await store.claim(key, OTHER_FP, LEASE, T0 + 200)).toEqual({
        status: 'mismatch',
        storedFingerprint: FP,
      });
      expect(await store.get(key)).toMatchObject({ key, fingerprint: FP, status: 'completed', result });
    });

    test('results of every JSON type round-trip', async () => {
      const { store, key } = await setup();
      for (const [index, result] of ['text', 42, 0, false, null, [], {}, [{ a: [{}] }]].entries()) {
        const token = claimed(await store.claim(`${key}-${index}`, FP, LEASE, T0));
        expect(await store.complete(`${key}-${index}`, token, result, T0)).toBe(true);
        expect(await store.claim(`${key}-${index}`, FP, LEASE, T0 + 1)).toEqual({
          status: 'completed',
          result,
          completedAt: T0,
        });
      }
    });

    test('after the lease expires the key can be claimed again, and the old token is dead', async () => {
      const { store, key } = await setup();
      const old = claimed(await store.claim(key, FP, LEASE, T0));
      const fresh = claimed(await store.claim(key, FP, LEASE, T0 + LEASE + 1));
      expect(fresh).not.toBe(old);
      expect(await store.complete(key, old, 'stale', T0 + LEASE + 2)).toBe(false);
      expect(await store.release(key, old)).toBe(false);
      expect(await store.get(key)).toMatchObject({
        status: 'in_progress',
        leaseExpiresAt: T0 + 2 * LEASE + 1,
      });
      expect(await store.claim(key, FP, LEASE, T0 + LEASE + 3)).toMatchObject({ status: 'in_progress' });
      expect(await store.complete(key, fresh, 'fresh', T0 + LEASE + 4)).toBe(true);
      expect(await store.claim(key, FP, LEASE, T0 + LEASE + 5)).toMatchObject({
        status: 'completed',
        result: 'fresh',
      });
    });

    test('of concurrent claims of an expired lease, exactly one is claimed', async () => {
      const { store, key } = await setup();
      claimed(await store.claim(key, FP, LEASE, T0));
      const later = T0 + LEASE + 10;
      const claims = await Promise.all(
        Array.from({ length: concurrency }, () => store.claim(key, FP, LEASE, later)),
      );
      expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(1);
    });

    test('release frees the key for any fingerprint; a wrong token changes nothing', async () => {
      const { store, key } = await setup();
      const token = claimed(await store.claim(key, FP, LEASE, T0));
      expect(await store.release(key, 'not-the-token')).toBe(false);
      expect(await store.complete(key, 'not-the-token', 'x', T0)).toBe(false);
      expect(await store.claim(key, FP, LEASE, T0 + 1)).toMatchObject({ status: 'in_progress' });
      expect(await store.release(key, token)).toBe(true);
      expect(await store.release(key, token)).toBe(false);
      expect(await store.get(key)).toBeUndefined();
      claimed(await store.claim(key, OTHER_FP, LEASE, T0 + 2));
    });

    test('a completed key is remembered until ttlMs, then free again', async () => {
      const { store, key } = await setup();
      const token = claimed(await store.claim(key, FP, LEASE, T0));
      expect(await store.complete(key, token, 'done', T0, 60_000)).toBe(true);
      expect(await store.get(key)).toMatchObject({ status: 'completed', expiresAt: T0 + 60_000 });
      expect(await store.claim(key, FP, LEASE, T0 + 59_999)).toMatchObject({
        status: 'completed',
        result: 'done',
      });
      expect(await store.claim(key, OTHER_FP, LEASE, T0 + 59_999)).toMatchObject({ status: 'mismatch' });
      claimed(await store.claim(key, OTHER_FP, LEASE, T0 + 60_001));
    });

    test('without ttlMs a completed key is remembered (checked ten years on)', async () => {
      const { store, key } = await setup();
      const token = claimed(await store.claim(key, FP, LEASE, T0));
      expect(await store.complete(key, token, 1, T0)).toBe(true);
      expect(await store.claim(key, FP, LEASE, T0 + 10 * 365 * 86_400_000)).toMatchObject({
        status: 'completed',
        result: 1,
      });
    });

    test('completed keys are final: the token cannot complete or release again', async () => {
      const { store, key } = await setup();
      const token = claimed(await store.claim(key, FP, LEASE, T0));
      expect(await store.complete(key, token, 'first', T0)).toBe(true);
      expect(await store.complete(key, token, 'second', T0 + 1)).toBe(false);
      expect(await store.release(key, token)).toBe(false);
      expect(await store.claim(key, FP, LEASE, T0 + 2)).toMatchObject({
        status: 'completed',
        result: 'first',
      });
    });

    test('forget frees a key whatever its state and kills its token', async () => {
      const { store, key } = await setup();
      const token = claimed(await store.claim(key, FP, LEASE, T0));
      await store.forget(key);
      expect(await store.get(key)).toBeUndefined();
      expect(await store.complete(key, token, 'late', T0 + 1)).toBe(false);
      const second = claimed(await store.claim(key, FP, LEASE, T0 + 2));
      expect(await store.complete(key, second, 'done', T0 + 3)).toBe(true);
      await store.forget(key);
      claimed(await store.claim(key, OTHER_FP, LEASE, T0 + 4));
      await store.forget(randomId('unknown-')); // no-op, no throw
    });

    test('a returned result is a copy: changing it does not change the stored result', async () => {
      const { store, key } = await setup();
      const token = claimed(await store.claim(key, FP, LEASE, T0));
      const result = { items: [1] };
      await store.complete(key, token, result, T0);
      result.items.push(2);
      const first = (await store.claim(key, FP, LEASE, T0 + 1)) as { result: { items: number[] } };
      first.result.items.push(3);
      expect(await store.claim(key, FP, LEASE, T0 + 2)).toMatchObject({ result: { items: [1] } });
    });
  });
}
