import { describe, expect, test } from 'vitest';
import { memoryIdempotencyStore } from './memory-idempotency-store';

describe('memoryIdempotencyStore', () => {
  test('expired results are forgotten as later claims come in; live ones and running claims are kept', async () => {
    const store = memoryIdempotencyStore();
    for (let i = 0; i < 10; i++) {
      const claim = await store.claim(`old-${i}`, 'fp', 1_000, 0);
      if (claim.status !== 'claimed') throw new Error('expected a claim');
      await store.complete(`old-${i}`, claim.token, i, 0, 1_000);
    }
    const kept = await store.claim('kept-forever', 'fp', 1_000, 0);
    if (kept.status !== 'claimed') throw new Error('expected a claim');
    await store.complete('kept-forever', kept.token, 'x', 0);
    await store.claim('abandoned', 'fp', 1_000, 0);
    expect(await store.get('old-0')).toMatchObject({ status: 'completed', expiresAt: 1_000 });
    for (let i = 0; i < 20; i++) await store.claim(`new-${i}`, 'fp', 1_000, 5_000);
    for (let i = 0; i < 10; i++) expect(await store.get(`old-${i}`)).toBeUndefined();
    expect(await store.get('kept-forever')).toMatchObject({ status: 'completed', result: 'x' });
    expect(await store.get('abandoned')).toMatchObject({ status: 'in_progress', leaseExpiresAt: 1_000 });
  });

  test('results are stored as JSON: readers get fresh copies, dates become strings, BigInt is refused', async () => {
    const store = memoryIdempotencyStore();
    const claim = await store.claim('k', 'fp', 1_000, 0);
    if (claim.status !== 'claimed') throw new Error('expected a claim');
    await store.complete('k', claim.token, { at: new Date(0), gone: undefined, n: Number.NaN }, 0);
    const a = await store.get('k');
    const b = await store.get('k');
    expect(a?.result).toEqual({ at: '1970-01-01T00:00:00.000Z', n: null });
    expect(a?.result).not.toBe(b?.result);
    const other = await store.claim('big', 'fp', 1_000, 0);
    if (other.status !== 'claimed') throw new Error('expected a claim');
    await expect(store.complete('big', other.token, 10n, 0)).rejects.toThrow(/cannot store the BigInt 10n/);
    await expect(store.complete('big', other.token, { n: 10n }, 0)).rejects.toThrow(TypeError);
    expect(await store.get('big')).toMatchObject({ status: 'in_progress' });
  });
});

describe('memoryIdempotencyStore bounds', () => {
  test('beyond maxKeys the oldest completed keys are forgotten; claims in progress never are', async () => {
    const store = memoryIdempotencyStore({ maxKeys: 10 });
    const held = await store.claim('held', 'fp', 1_000_000, 0);
    expect(held.status).toBe('claimed');
    for (let i = 0; i < 100; i++) {
      const claim = await store.claim(`k${i}`, 'fp', 1_000, 0);
      if (claim.status !== 'claimed') throw new Error('expected a claim');
      await store.complete(`k${i}`, claim.token, i, 0);
    }
    expect(await store.get('held')).toMatchObject({ status: 'in_progress' });
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.get('k99')).toMatchObject({ status: 'completed', result: 99 });
    let kept = 0;
    for (let i = 0; i < 100; i++) if (await store.get(`k${i}`)) kept++;
    expect(kept).toBeLessThanOrEqual(10);
    expect(kept).toBeGreaterThanOrEqual(8);
  });
});
