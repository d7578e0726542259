import { describe, expect, test } from 'vitest';
import { virtualClock } from '../clock/virtual-clock';
import {
  IdempotencyInProgressError,
  isIdempotencyInProgressError,
  isIdempotencyMismatchError,
} from '../errors/idempotency-errors';
import { isLifelineError } from '../errors/lifeline-error';
import { isConfigurationError } from '../errors/state-errors';
import { isStoreUnavailableError, type StoreUnavailableError } from '../errors/store-unavailable-error';
import { isValidationError } from '../errors/validation-error';
import { memoryIdempotencyStore } from '../memory/memory-idempotency-store';
import { idempotent } from './idempotent';
import { runIdempotently } from './run-idempotently';

function setup() {
  const clock = virtualClock();
  const store = memoryIdempotencyStore();
  let runs = 0;
  /** Work that takes `ms` of (virtual) time and counts its runs. */
  const work =
    <T>(result: T, ms = 1_000) =>
    async () => {
      runs++;
      await clock.sleep(ms);
      return result;
    };
  return { clock, store, work, runs: () => runs };
}

describe('idempotent', () => {
  test('50 concurrent callers on one key: the work runs once; each caller gets the result or IdempotencyInProgressError', async () => {
    const { clock, store, work, runs } = setup();
    const calls = Array.from({ length: 50 }, () =>
      idempotent(store, 'order:1', work({ receipt: 'r1' }), { clock }),
    );
    const settled = await clock.run(Promise.allSettled(calls));
    expect(runs()).toBe(1);
    const fulfilled = settled.filter((s) => s.status === 'fulfilled');
    const rejected = settled.filter((s) => s.status === 'rejected');
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    expect(fulfilled.length + rejected.length).toBe(50);
    for (const s of fulfilled) expect(s.value).toEqual({ receipt: 'r1' });
    for (const s of rejected) expect(isIdempotencyInProgressError(s.reason)).toBe(true);
    // Later callers get the stored result without running the work.
    await expect(idempotent(store, 'order:1', work({ receipt: 'other' }), { clock })).resolves.toEqual({
      receipt: 'r1',
    });
    expect(runs()).toBe(1);
  });

  test("with onInProgress: 'wait', all 50 callers get the result of the single run", async () => {
    const { clock, store, work, runs } = setup();
    const calls = Array.from({ length: 50 }, () =>
      runIdempotently(store, 'order:2', work({ receipt: 'r2' }, 5_000), {
        clock,
        onInProgress: 'wait',
        pollMs: 250,
      }),
    );
    const results = await clock.run(Promise.all(calls));
    expect(runs()).toBe(1);
    expect(results.filter((r) => r.status === 'ran')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(49);
    for (const r of results) expect(r.result).toEqual({ receipt: 'r2' });
  });

  test('a failure releases the key and rethrows the original error, so a retry runs the work again', async () => {
    const { clock, store } = setup();
    const boom = new Error('smtp down');
    let attempts = 0;
    const flaky = async () => {
      attempts++;
      if (attempts === 1) throw boom;
      return 'sent';
    };
    await expect(idempotent(store, 'email:1', flaky, { clock })).rejects.toBe(boom);
    expect(await store.get('email:1')).toBeUndefined();
    await expect(idempotent(store, 'email:1', flaky, { clock })).resolves.toBe('sent');
    await expect(idempotent(store, 'email:1', flaky, { clock })).resolves.toBe('sent');
    expect(attempts).toBe(2);
  });

  test('an expired lease lets a second worker reclaim the key; the first worker is told its result was not stored', async () => {
    const { clock, store, work, runs } = setup();
    const slow = idempotent(store, 'job:1', work('slow', 10_000), { clock, leaseMs: 1_000 });
    const slowSettled = slow.then(
      () => undefined,
      (error: unknown) => error,
    );
    await clock.advance(500);
    await expect(idempotent(store, 'job:1', work('fast', 0), { clock, leaseMs: 1_000 })).rejects.toSatisfy(
      isIdempotencyInProgressError,
    );
    await clock.advance(600); // lease (1 000 ms) has run out
    await expect(
      clock.run(idempotent(store, 'job:1', work('fast', 10), { clock, leaseMs: 1_000 })),
    ).resolves.toBe('fast');
    const error = await clock.run(slowSettled);
    expect(isLifelineError(error)).toBe(true);
    expect((error as Error).message).toMatch(/lease on key "job:1" expired before the work completed/);
    expect((error as Error).message).toMatch(/another worker may have claimed the key and run it too/);
    expect(runs()).toBe(2);
    expect((await store.get('job:1'))?.result).toBe('fast');
  });

  test('the same key with a different fingerprint is a mismatch, and the work does not run', async () => {
    const { clock, store, work, runs } = setup();
    await clock.run(idempotent(store, 'refund:1', work(1), { clock, fingerprint: 'sha256:aaa' }));
    const error = await idempotent(store, 'refund:1', work(2), { clock, fingerprint: 'sha256:bbb' }).catch(
      (e: unknown) => e,
    );
    expect(isIdempotencyMismatchError(error)).toBe(true);
    expect(error).toMatchObject({
      key: 'refund:1',
      storedFingerprint: 'sha256:aaa',
      fingerprint: 'sha256:bbb',
    });
    expect(runs()).toBe(1);
  });

  test('duplicates receive the JSON form of the result; undefined is stored as null', async () => {
    const { clock, store } = setup();
    const first = await runIdempotently(store, 'k1', async () => ({ at: new Date(0), skip: undefined }), {
      clock,
    });
    expect(first).toEqual({ status: 'ran', result: { at: new Date(0), skip: undefined } });
    const again = await runIdempotently(store, 'k1', async () => ({ at: new Date(1) }), { clock });
    expect(again).toEqual({ status: 'duplicate', result: { at: '1970-01-01T00:00:00.000Z' } });
    await idempotent(store, 'k2', async () => undefined, { clock });
    expect(await idempotent(store, 'k2', async () => 'never', { clock })).toBeNull();
  });

  test('a result that is not JSON-serialisable fails clearly, permanently, and frees the key', async () => {
    const { clock, store } = setup();
    const error = await idempotent(store, 'k3', async () => ({ amount: 10n }), { clock }).catch(
      (e: unknown) => e,
    );
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/not JSON-serialisable.*BigInt.*the key was released/);
    expect(await store.get('k3')).toBeUndefined();
  });

  test('a store failure while completing is retried (bounded), then a StoreUnavailableError carries the result; the key stays claimed', async () => {
    const { clock, store } = setup();
    const down = new Error('connection reset');
    let completes = 0;
    const failing = {
      ...store,
      complete: async () => {
        completes++;
        return Promise.reject(down);
      },
    };
    const started = clock.now();
    const error = await clock.run(
      idempotent(failing, 'k4', async () => ({ ok: true }), { clock }).catch((e: unknown) => e),
    );
    expect(isStoreUnavailableError(error)).toBe(true);
    expect((error as StoreUnavailableError).cause).toBe(down);
    expect((error as StoreUnavailableError).completion).toMatchObject({ key: 'k4', result: { ok: true } });
    expect(completes).toBe(6);
    expect(clock.now() - started).toBe(3_100);
    expect(await store.get('k4')).toMatchObject({ status: 'in_progress' });
  });

  test('a completion that fails once and then is taken is a normal run (the work is not repeated)', async () => {
    const { clock, store, runs, work } = setup();
    let fail = true;
    const flaky = {
      ...store,
      complete: (...args: Parameters<typeof store.complete>) => {
        if (!fail) return store.complete(...args);
        fail = false;
        return Promise.reject(new Error('connection reset'));
      },
    };
    expect(await clock.run(idempotent(flaky, 'k5', work('once', 0), { clock }))).toBe('once');
    expect(await clock.run(idempotent(flaky, 'k5', work('twice', 0), { clock }))).toBe('once');
    expect(runs()).toBe(1);
  });

  test('the completed result is forgotten after ttlMs (default 7 days)', async () => {
    const { clock, store, runs, work } = setup();
    await clock.run(idempotent(store, 'ttl', work('a', 0), { clock }));
    await clock.advance(7 * 86_400_000 - 1);
    expect(await clock.run(idempotent(store, 'ttl', work('b', 0), { clock }))).toBe('a');
    await clock.advance(1);
    expect(await clock.run(idempotent(store, 'ttl', work('b', 0), { clock }))).toBe('b');
    await clock.run(idempotent(store, 'short', work('c', 0), { clock, ttlMs: 1_000 }));
    expect((await store.get('short'))?.expiresAt).toBe(clock.now() + 1_000);
    expect(runs()).toBe(3);
  });

  describe("onInProgress: 'wait'", () => {
    test('runs the work itself when the holder fails and frees the key', async () => {
      const { clock, store } = setup();
      const holder = idempotent(
        store,
        'w1',
        async () => {
          await clock.sleep(300);
          throw new Error('holder failed');
        },
        { clock },
      ).catch((e: unknown) => e);
      const waiter = runIdempotently(store, 'w1', async () => 'mine', {
        clock,
        onInProgress: 'wait',
        pollMs: 100,
      });
      expect(await clock.run(waiter)).toEqual({ status: 'ran', result: 'mine' });
      expect(((await holder) as Error).message).toBe('holder failed');
    });

    test('gives up with IdempotencyInProgressError after waitTimeoutMs', async () => {
      const { clock, store, work } = setup();
      void idempotent(store, 'w2', work('x', 60_000), { clock, leaseMs: 120_000 });
      const start = clock.now();
      const error = await clock
        .run(
          idempotent(store, 'w2', work('y'), {
            clock,
            onInProgress: 'wait',
            waitTimeoutMs: 2_000,
            pollMs: 300,
          }),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdempotencyInProgressError);
      expect(clock.now() - start).toBeGreaterThanOrEqual(2_000);
      expect(clock.now() - start).toBeLessThan(2_300);
    });

    test('stops waiting when the signal aborts, with its reason', async () => {
      const { clock, store, work } = setup();
      void idempotent(store, 'w3', work('x', 60_000), { clock });
      const controller = new AbortController();
      const waiting = idempotent(store, 'w3', work('y'), {
        clock,
        onInProgress: 'wait',
        signal: controller.signal,
      });
      const caught = waiting.catch((e: unknown) => e);
      await clock.advance(250);
      controller.abort(new Error('shutting down'));
      expect(((await caught) as Error).message).toBe('shutting down');
    });
  });

  describe('validation', () => {
    test.each([[''], ['x'.repeat(513)], [42 as unknown as string]])('rejects the key %j', async (key) => {
      const error = await idempotent(memoryIdempotencyStore(), key, async () => 1).catch((e: unknown) => e);
      expect(isValidationError(error)).toBe(true);
      expect((error as Error).message).toMatch(/key: must be a non-empty string of at most 512 characters/);
    });

    test('accepts a key of exactly 512 characters', async () => {
      await expect(idempotent(memoryIdempotencyStore(), 'x'.repeat(512), async () => 1)).resolves.toBe(1);
    });

    test('rejects bad options, naming the field', async () => {
      const store = memoryIdempotencyStore();
      await expect(idempotent(store, 'k', async () => 1, { leaseMs: -5 })).rejects.toThrow(
        /leaseMs.*received -5/,
      );
      await expect(idempotent(store, 'k', async () => 1, { onInProgress: 'queue' as never })).rejects.toThrow(
        /onInProgress/,
      );
    });
  });
});
