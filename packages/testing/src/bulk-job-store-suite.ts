import type { BulkJob, BulkJobStore, NewBulkJob } from '@lifeline/core';
import { defineSuite, randomId, type SuiteOptions, type SuiteRunner } from './suite-runner';

/**
 * The conformance suite of the `BulkJobStore` contract: create, lease claims as compare-and-set (also under
 * concurrency), item records only for the lease holder and only in order, finish, abort requests, the item
 * audit trail and newest-first listing. Jobs are created with random times, so a shared database is fine.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * bulkJobStoreSuite({ describe, expect, test }, () => memoryBulkJobStore());
 * ```
 */
export function bulkJobStoreSuite(
  runner: SuiteRunner,
  factory: () => Promise<BulkJobStore> | BulkJobStore,
  options: SuiteOptions & { concurrency?: number } = {},
): void {
  const { expect } = runner;
  const T0 = Date.UTC(2026, 0, 1);
  const job = (overrides: Partial<NewBulkJob> = {}): NewBulkJob => ({
    action: 'retry',
    filter: { name: 'purchase/email.send', status: 'open', search: 'ada' },
    ids: ['dl_a', 'dl_b', 'dl_c'],
    by: 'ada@shop.example',
    note: 'provider back up',
    createdAt: T0,
    canary: 1,
    maxNewFailures: 2,
    paceMs: 100,
    ...overrides,
  });

  defineSuite(runner, 'BulkJobStore conformance', options, (test) => {
    test('create stores a running job with zero progress and every field', async () => {
      const store = await factory();
      const input = job();
      const created = await store.create(input);
      expect(created).toMatchObject({ ...input, status: 'running', total: 3, processed: 0, updatedAt: T0 });
      expect(created.counts).toEqual({ resolved: 0, failed: 0, queued: 0, conflict: 0, not_found: 0 });
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.get(randomId('bulk_'))).toBeUndefined();
      const other = await store.create(job({ action: 'resolve', filter: undefined, note: undefined }));
      expect(other.id).not.toBe(created.id);
      expect(other.filter).toBeUndefined();
    });

    test('claim gives the lease to one owner until it expires; the holder may renew', async () => {
      const store = await factory();
      const { id } = await store.create(job());
      expect(await store.claim(id, { owner: 'a', until: T0 + 1000, now: T0 })).toMatchObject({
        leaseOwner: 'a',
        leaseUntil: T0 + 1000,
      });
      expect(await store.claim(id, { owner: 'b', until: T0 + 2000, now: T0 + 999 })).toBeUndefined();
      expect(await store.claim(id, { owner: 'a', until: T0 + 3000, now: T0 + 999 })).toMatchObject({
        leaseUntil: T0 + 3000,
      });
      expect(await store.claim(id, { owner: 'b', until: T0 + 4000, now: T0 + 3000 })).toMatchObject({
        leaseOwner: 'b',
      });
      expect(await store.claim(randomId('bulk_'), { owner: 'a', until: T0, now: T0 })).toBeUndefined();
    });

    test('of many concurrent claims exactly one wins', async () => {
      const store = await factory();
      const { id } = await store.create(job());
      const n = options.concurrency ?? 10;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) => store.claim(id, { owner: `o${i}`, until: T0 + 1000, now: T0 })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    test('recordItem appends in order for the lease holder only, counting outcomes', async () => {
      const store = await factory();
      const { id } = await store.create(job());
      await store.claim(id, { owner: 'a', until: T0 + 10_000, now: T0 });
      const item = (index: number) => ({
        index,
        deadLetterId: `dl_${index}`,
        outcome: 'failed' as const,
        error: 'HTTP 503',
        at: T0 + index,
      });
      expect(await store.recordItem(id, 'b', item(0))).toBeUndefined();
      expect(await store.recordItem(id, 'a', item(1))).toBeUndefined();
      const after = await store.recordItem(id, 'a', item(0));
      expect(after).toMatchObject({ processed: 1, updatedAt: T0 });
      expect(after?.counts.failed).toBe(1);
      expect(await store.recordItem(id, 'a', item(0))).toBeUndefined(); // a replay of the same index
      await store.recordItem(id, 'a', { index: 1, deadLetterId: 'dl_1', outcome: 'resolved', at: T0 + 1 });
      const page = await store.items(id, { limit: 1 });
      expect(page.items).toEqual([
        { jobId: id, index: 0, deadLetterId: 'dl_0', outcome: 'failed', error: 'HTTP 503', at: T0 },
      ]);
      const rest = await store.items(id, { cursor: page.nextCursor! });
      expect(rest.items.map((i) => i.outcome)).toEqual(['resolved']);
      expect(rest.nextCursor).toBeUndefined();
    });

    test('finish ends a running job held by the owner, clears the lease, and nothing changes after', async () => {
      const store = await factory();
      const { id } = await store.create(job());
      await store.claim(id, { owner: 'a', until: T0 + 10_000, now: T0 });
      expect(await store.finish(id, 'b', { status: 'completed', at: T0 + 5 })).toBeUndefined();
      const done = await store.finish(id, 'a', {
        status: 'stopped',
        at: T0 + 5,
        stopReason: 'canary failed',
      });
      expect(done).toMatchObject({ status: 'stopped', finishedAt: T0 + 5, stopReason: 'canary failed' });
      expect(done?.leaseOwner).toBeUndefined();
      expect(await store.claim(id, { owner: 'a', until: T0 + 20_000, now: T0 + 10 })).toBeUndefined();
      expect(
        await store.recordItem(id, 'a', { index: 0, deadLetterId: 'dl_a', outcome: 'resolved', at: T0 }),
      ).toBeUndefined();
    });

    test('requestAbort records who and when once on a running job, and leaves a finished job alone', async () => {
      const store = await factory();
      const { id } = await store.create(job());
      const asked = await store.requestAbort(id, { by: 'bob', at: T0 + 7 });
      expect(asked).toMatchObject({ status: 'running', abortRequestedBy: 'bob', abortRequestedAt: T0 + 7 });
      expect(await store.requestAbort(id, { by: 'eve', at: T0 + 8 })).toMatchObject({
        abortRequestedBy: 'bob',
      });
      expect(await store.requestAbort(randomId('bulk_'), { by: 'bob', at: T0 })).toBeUndefined();
      const other = await store.create(job());
      await store.claim(other.id, { owner: 'a', until: T0 + 10, now: T0 });
      await store.finish(other.id, 'a', { status: 'completed', at: T0 + 1 });
      expect(
        (await store.requestAbort(other.id, { by: 'bob', at: T0 + 2 }))?.abortRequestedBy,
      ).toBeUndefined();
    });

    test('list is newest first by createdAt, filters by status, and pages by keyset', async () => {
      const store = await factory();
      const base = Date.UTC(2400, 0, 1) + Math.floor(Math.random() * 1e9);
      const made: BulkJob[] = [];
      for (let i = 0; i < 3; i++) made.push(await store.create(job({ createdAt: base + i })));
      await store.claim(made[0]!.id, { owner: 'a', until: base + 10, now: base });
      await store.finish(made[0]!.id, 'a', { status: 'completed', at: base + 1 });
      const mine = new Set(made.map((j) => j.id));
      const first = await store.list({ limit: 2 });
      expect(first.items.map((j) => j.id).filter((id) => mine.has(id))).toEqual([made[2]!.id, made[1]!.id]);
      const second = await store.list({ limit: 500, cursor: first.nextCursor! });
      expect(second.items.some((j) => j.id === made[0]!.id)).toBe(true);
      const running = await store.list({ status: 'running', limit: 500 });
      expect(running.items.some((j) => j.id === made[0]!.id)).toBe(false);
      expect(running.items.some((j) => j.id === made[1]!.id)).toBe(true);
    });
  });
}
