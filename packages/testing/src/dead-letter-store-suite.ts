import {
  type DeadLetter,
  type DeadLetterListOptions,
  type DeadLetterStore,
  isInvalidTransitionError,
  isNotFoundError,
} from '@lifeline/core';
import { errorFingerprint, REDRIVE_LEASE_EXPIRED_NOTE } from '@lifeline/core/adapter';
import { newDeadLetter, newestFirst, DL_T0 as T0 } from './dead-letter-fixtures';
import { defineSuite, randomId, rejectionOf, type SuiteOptions, type SuiteRunner } from './suite-runner';

/** Options of {@link deadLetterStoreSuite}. */
export interface DeadLetterStoreSuiteOptions extends SuiteOptions {
  /** How many transitions race on one entry in the compare-and-set test. Default 10. */
  concurrency?: number;
}

/**
 * The conformance suite of the `DeadLetterStore` contract: recording, filters and counts, ordering and
 * keyset pagination while entries are added, compare-and-set transitions (including under concurrency)
 * and their bookkeeping, and redrive leases (an expired one reopens its entry, judged at the call's `at`). Each test filters by its own random `name`, so a shared, non-empty database is fine.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * deadLetterStoreSuite({ describe, expect, test }, () => postgresDeadLetterStore(sql), { concurrency: 10 });
 * ```
 */
export function deadLetterStoreSuite(
  runner: SuiteRunner,
  factory: () => Promise<DeadLetterStore> | DeadLetterStore,
  options: DeadLetterStoreSuiteOptions = {},
): void {
  const { expect } = runner;
  const concurrency = options.concurrency ?? 10;
  const setup = async () => ({ store: await factory(), name: randomId('suite/dl-') });

  /** Every page of `list(options)`, calling `between` after each page. */
  async function allPages(
    store: DeadLetterStore,
    list: DeadLetterListOptions,
    between?: (page: number) => Promise<void>,
  ) {
    const pages: DeadLetter[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ ...list, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(list.limit ?? 50);
      pages.push(page.items);
      cursor = page.nextCursor;
      if (cursor) await between?.(pages.length);
      expect(pages.length).toBeLessThan(1_000);
    } while (cursor);
    return pages;
  }

  defineSuite(runner, 'DeadLetterStore conformance', options, (test) => {
    test('record stores a new open entry with a unique id, retryCount 0 and an empty history', async () => {
      const { store, name } = await setup();
      const input = newDeadLetter(name);
      const first = await store.record(input);
      const second = await store.record(newDeadLetter(name));
      expect(first).toEqual({
        ...input,
        id: first.id,
        status: 'open',
        errorFingerprint: errorFingerprint(input.error),
        retryCount: 0,
        history: [],
      });
      expect(typeof first.id === 'string' && first.id.length > 0).toBe(true);
      expect(second.id).not.toBe(first.id);
      expect(await store.get(first.id)).toEqual(first);
      expect(await store.get(globalThis.crypto.randomUUID())).toBeUndefined();
    });

    test('the same work failing again while unresolved merges into its entry; after resolve it is a new one', async () => {
      const { store, name } = await setup();
      const first = await store.record(newDeadLetter(name, { idempotencyKey: `${name}:k`, attempts: 3 }));
      const again = newDeadLetter(name, {
        idempotencyKey: `${name}:k`,
        attempts: 1,
        failedAt: T0 + 5_000,
        firstFailedAt: T0 + 4_000,
        error: { name: 'PermanentError', message: 'mailbox does not exist' },
      });
      const merged = await store.record(again);
      expect(merged.id).toBe(first.id);
      expect(merged).toMatchObject({
        attempts: 4,
        failedAt: T0 + 5_000,
        firstFailedAt: first.firstFailedAt,
        status: 'open',
      });
      expect(merged.error.message).toBe('mailbox does not exist');
      expect(await store.count({ name })).toBe(1);
      await store.transition(first.id, { from: 'open', to: 'resolved', by: 'ada', at: T0 + 6_000 });
      const fresh = await store.record(newDeadLetter(name, { idempotencyKey: `${name}:k` }));
      expect(fresh.id).not.toBe(first.id);
      expect(await store.count({ name })).toBe(2);
      // A different operation name with the same key is different work.
      const other = await store.record(newDeadLetter(`${name}-other`, { idempotencyKey: `${name}:k` }));
      expect(other.id).not.toBe(fresh.id);
    });

    test('concurrent records of the same unresolved work end as one entry with every attempt counted', async () => {
      const { store, name } = await setup();
      const results = await Promise.all(
        Array.from({ length: concurrency }, () =>
          store.record(newDeadLetter(name, { idempotencyKey: `${name}:race`, attempts: 1 })),
        ),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(await store.count({ name })).toBe(1);
      expect((await store.get(results[0]!.id))!.attempts).toBe(concurrency);
    });

    test('list is ordered by (failedAt, id) descending and count matches it', async () => {
      const { store, name } = await setup();
      for (const offset of [5, 1, 3, 3, 3, 0, 5])
        await store.record(newDeadLetter(name, { failedAt: T0 + offset * 1_000 }));
      const { items, nextCursor } = await store.list({ name });
      expect(items).toHaveLength(7);
      expect(nextCursor).toBeUndefined();
      expect(items.map((e) => e.id)).toEqual([...items].sort(newestFirst).map((e) => e.id));
      expect(await store.count({ name })).toBe(7);
    });

    test('filters by kind, status (one or several), and failedAt from (inclusive) / to (exclusive)', async () => {
      const { store, name } = await setup();
      const email = await store.record(newDeadLetter(name, { kind: 'email', failedAt: T0 }));
      const webhook = await store.record(newDeadLetter(name, { kind: 'webhook', failedAt: T0 + 1_000 }));
      const job = await store.record(newDeadLetter(name, { kind: 'job', failedAt: T0 + 2_000 }));
      await store.transition(webhook.id, { from: 'open', to: 'retrying', by: 'redrive', at: T0 + 5_000 });
      await store.transition(job.id, {
        from: 'open',
        to: 'resolved',
        by: 'admin@example.com',
        at: T0 + 5_000,
      });
      const ids = async (filter: Omit<DeadLetterListOptions, 'name'>) => {
        const { items } = await store.list({ name, ...filter });
        expect(await store.count({ name, ...filter })).toBe(items.length);
        return items.map((e) => e.id);
      };
      expect(await ids({ kind: 'webhook' })).toEqual([webhook.id]);
      expect(await ids({ status: 'open' })).toEqual([email.id]);
      expect(await ids({ status: ['open', 'retrying'] })).toEqual([webhook.id, email.id]);
      expect(await ids({ from: T0 + 1_000 })).toEqual([job.id, webhook.id]);
      expect(await ids({ to: T0 + 1_000 })).toEqual([email.id]);
      expect(await ids({ from: T0, to: T0 + 2_000 })).toEqual([webhook.id, email.id]);
      expect(await ids({ kind: 'job', status: 'open' })).toEqual([]);
      expect(await store.count({ name: randomId('nobody-') })).toBe(0);
    });

    test('keyset pagination never repeats or skips an entry while new entries are recorded between pages', async () => {
      const { store, name } = await setup();
      const original = new Set<string>();
      // Ties on failedAt on purpose: the id must break them.
      for (let i = 0; i < 23; i++)
        original.add((await store.record(newDeadLetter(name, { failedAt: T0 + (i % 4) * 1_000 }))).id);
      const pages = await allPages(store, { name, limit: 5 }, async () => {
        await store.record(newDeadLetter(name, { failedAt: T0 + 10_000 })); // newer than everything
        await store.record(newDeadLetter(name, { failedAt: T0 + 1_000 })); // a tie with existing entries
        await store.record(newDeadLetter(name, { failedAt: T0 - 10_000 })); // older than everything
      });
      const seen = pages.flat();
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of original) expect(ids).toContain(id);
      for (let i = 1; i < seen.length; i++) expect(newestFirst(seen[i - 1]!, seen[i]!)).toBeLessThan(0);
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(5);
    });

    test('limit defaults to 50, accepts 1..500 and rejects anything else', async () => {
      const { store, name } = await setup();
      for (let i = 0; i < 51; i++) await store.record(newDeadLetter(name, { failedAt: T0 + i }));
      const page = await store.list({ name });
      expect(page.items).toHaveLength(50);
      expect(page.nextCursor).toBeDefined();
      expect((await store.list({ name, limit: 500 })).items).toHaveLength(51);
      expect((await store.list({ name, limit: 1 })).items).toHaveLength(1);
      for (const limit of [0, 501, 2.5, -1])
        await rejectionOf(store.list({ name, limit }), `list({ limit: ${limit} })`);
    });

    test('a cursor that list() did not return is rejected', async () => {
      const { store, name } = await setup();
      await rejectionOf(store.list({ name, cursor: 'not-a-cursor!' }), 'list() with a made-up cursor');
    });

    test('open → retrying increments retryCount, sets lastRetriedAt and appends to history', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      const moved = await store.transition(entry.id, {
        from: 'open',
        to: 'retrying',
        by: 'admin@example.com',
        at: T0 + 10,
        note: 'smtp back',
      });
      expect(moved).toMatchObject({
        id: entry.id,
        status: 'retrying',
        retryCount: 1,
        lastRetriedAt: T0 + 10,
      });
      expect(moved.history).toEqual([
        { from: 'open', to: 'retrying', by: 'admin@example.com', at: T0 + 10, note: 'smtp back' },
      ]);
      expect(await store.get(entry.id)).toEqual(moved);
    });

    test('retrying → open with an error replaces the error; a second redrive counts again', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      await store.transition(entry.id, { from: 'open', to: 'retrying', by: 'redrive', at: T0 + 10 });
      const error = {
        name: 'PermanentError',
        message: 'address rejected',
        code: 'LIFELINE_PERMANENT',
        status: 422,
        retryable: false,
      };
      const back = await store.transition(entry.id, {
        from: 'retrying',
        to: 'open',
        by: 'redrive',
        at: T0 + 20,
        error,
      });
      expect(back).toMatchObject({ status: 'open', error, retryCount: 1 });
      const again = await store.transition(entry.id, {
        from: 'open',
        to: 'retrying',
        by: 'redrive',
        at: T0 + 30,
      });
      expect(again).toMatchObject({ retryCount: 2, lastRetriedAt: T0 + 30 });
      expect(again.history.map((h) => [h.from, h.to, h.at])).toEqual([
        ['open', 'retrying', T0 + 10],
        ['retrying', 'open', T0 + 20],
        ['open', 'retrying', T0 + 30],
      ]);
    });

    test('→ resolved sets resolvedAt, resolvedBy and note; resolved is final', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      const resolved = await store.transition(entry.id, {
        from: ['open', 'retrying'],
        to: 'resolved',
        by: 'ops@example.com',
        at: T0 + 50,
        note: 'sent by hand',
      });
      expect(resolved).toMatchObject({
        status: 'resolved',
        resolvedAt: T0 + 50,
        resolvedBy: 'ops@example.com',
        note: 'sent by hand',
        retryCount: 0,
      });
      for (const to of ['open', 'retrying', 'resolved'] as const) {
        const error = await rejectionOf(
          store.transition(entry.id, { from: 'resolved', to, by: 'x', at: T0 + 60 }),
          `resolved → ${to}`,
        );
        expect(isInvalidTransitionError(error)).toBe(true);
      }
      expect(await store.get(entry.id)).toEqual(resolved);
    });

    test('a compare-and-set whose from does not match, or a move the table forbids, changes nothing', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      const wrongFrom = await rejectionOf(
        store.transition(entry.id, { from: 'retrying', to: 'open', by: 'x', at: T0 }),
        'from mismatch',
      );
      expect(isInvalidTransitionError(wrongFrom)).toBe(true);
      const forbidden = await rejectionOf(
        store.transition(entry.id, { from: 'open', to: 'open', by: 'x', at: T0 }),
        'open → open',
      );
      expect(isInvalidTransitionError(forbidden)).toBe(true);
      expect(await store.get(entry.id)).toEqual(entry);
    });

    test('transition of an unknown id is NotFoundError', async () => {
      const { store } = await setup();
      const error = await rejectionOf(
        store.transition(globalThis.crypto.randomUUID(), { from: 'open', to: 'retrying', by: 'x', at: T0 }),
        'transition of an unknown id',
      );
      expect(isNotFoundError(error)).toBe(true);
    });

    test(`of ${concurrency} concurrent open → retrying transitions, exactly one succeeds`, async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      const results = await Promise.allSettled(
        Array.from({ length: concurrency }, (_, i) =>
          store.transition(entry.id, { from: 'open', to: 'retrying', by: `admin-${i}`, at: T0 + i }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected') expect(isInvalidTransitionError(r.reason)).toBe(true);
      const stored = await store.get(entry.id);
      expect(stored).toMatchObject({ status: 'retrying', retryCount: 1 });
      expect(stored?.history).toHaveLength(1);
    });

    test('a concurrent resolve and redrive of one entry: exactly one wins', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      const [resolve, redrive] = await Promise.allSettled([
        store.transition(entry.id, { from: 'open', to: 'resolved', by: 'ops', at: T0 }),
        store.transition(entry.id, { from: 'open', to: 'retrying', by: 'redrive', at: T0 }),
      ]);
      expect([resolve, redrive].filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.get(entry.id))?.history).toHaveLength(1);
    });

    test('→ retrying with leaseUntil sets redriveLeaseUntil; leaving retrying clears it', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      expect(entry.redriveLeaseUntil).toBeUndefined();
      // A lease far in the future: unexpired whatever the store's own clock says.
      const leaseUntil = Date.now() + 3_600_000;
      const moved = await store.transition(entry.id, {
        from: 'open',
        to: 'retrying',
        by: 'ada',
        at: T0,
        leaseUntil,
      });
      expect(moved).toMatchObject({ status: 'retrying', redriveLeaseUntil: leaseUntil });
      expect(await store.get(entry.id)).toEqual(moved);
      expect(await store.count({ name, status: 'retrying' })).toBe(1);
      const back = await store.transition(entry.id, { from: 'retrying', to: 'open', by: 'ada', at: T0 + 1 });
      expect(back.redriveLeaseUntil).toBeUndefined();
      expect(back.status).toBe('open');
    });

    test('a redrive whose lease ended is open again for list and count (judged at `at`), with the reopening in history', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      const other = await store.record(newDeadLetter(name));
      await store.transition(entry.id, {
        from: 'open',
        to: 'retrying',
        by: 'ada',
        at: T0,
        leaseUntil: T0 + 1_000,
      });
      // Without a lease, an entry stays retrying however late it is.
      await store.transition(other.id, { from: 'open', to: 'retrying', by: 'ada', at: T0 });
      expect(await store.count({ name, status: 'open', at: T0 + 999 })).toBe(0);
      expect((await store.list({ name, status: 'retrying', at: T0 + 999 })).items).toHaveLength(2);
      expect(await store.count({ name, status: 'open', at: T0 + 1_000 })).toBe(1);
      const { items } = await store.list({ name, status: 'open', at: T0 + 1_000 });
      expect(items.map((e) => e.id)).toEqual([entry.id]);
      expect(items[0]!.redriveLeaseUntil).toBeUndefined();
      expect(items[0]!.history).toEqual([
        { from: 'open', to: 'retrying', by: 'ada', at: T0 },
        { from: 'retrying', to: 'open', by: 'system', at: T0 + 1_000, note: REDRIVE_LEASE_EXPIRED_NOTE },
      ]);
      expect(await store.get(entry.id)).toEqual(items[0]);
      expect(await store.count({ name, status: 'retrying', at: T0 + 2_000 })).toBe(1);
      expect(await store.get(other.id)).toMatchObject({ status: 'retrying' });
    });

    test(`a redrive whose lease ended can be redriven again: of ${concurrency} admins exactly one wins; before the end none`, async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      await store.transition(entry.id, {
        from: 'open',
        to: 'retrying',
        by: 'ada',
        at: T0,
        leaseUntil: T0 + 1_000,
      });
      const early = await rejectionOf(
        store.transition(entry.id, {
          from: 'open',
          to: 'retrying',
          by: 'bob',
          at: T0 + 999,
          leaseUntil: T0 + 5_000,
        }),
        'a redrive while the lease runs',
      );
      expect(isInvalidTransitionError(early)).toBe(true);
      expect((await store.list({ name, at: T0 + 999 })).items[0]).toMatchObject({
        status: 'retrying',
        retryCount: 1,
      });
      const results = await Promise.allSettled(
        Array.from({ length: concurrency }, (_, i) =>
          store.transition(entry.id, {
            from: 'open',
            to: 'retrying',
            by: `admin-${i}`,
            at: T0 + 2_000,
            leaseUntil: T0 + 10_000,
          }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected') expect(isInvalidTransitionError(r.reason)).toBe(true);
      const stored = (await store.list({ name, at: T0 + 2_000 })).items[0]!;
      expect(stored).toMatchObject({ status: 'retrying', retryCount: 2, redriveLeaseUntil: T0 + 10_000 });
      expect(stored.history.map((h) => [h.from, h.to, h.at])).toEqual([
        ['open', 'retrying', T0],
        ['retrying', 'open', T0 + 1_000],
        ['open', 'retrying', T0 + 2_000],
      ]);
      // The old redrive settling late as a failure finds the entry no longer its own.
      const late = await rejectionOf(
        store.transition(entry.id, { from: 'retrying', to: 'open', by: 'ada', at: T0 + 20_000 }),
        'a settle after the new lease also ended',
      );
      expect(isInvalidTransitionError(late)).toBe(true);
      const resolved = await store.transition(entry.id, {
        from: ['retrying', 'open'],
        to: 'resolved',
        by: 'ada',
        at: T0 + 20_000,
      });
      expect(resolved.history.map((h) => [h.from, h.to, h.by])).toEqual([
        ['open', 'retrying', 'ada'],
        ['retrying', 'open', 'system'],
        ['open', 'retrying', stored.history[2]!.by],
        ['retrying', 'open', 'system'],
        ['open', 'resolved', 'ada'],
      ]);
    });

    test('get judges redrive leases by the store clock', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      // T0 is in the past for any real clock: this lease has ended.
      await store.transition(entry.id, {
        from: 'open',
        to: 'retrying',
        by: 'ada',
        at: T0,
        leaseUntil: T0 + 1,
      });
      expect(await store.get(entry.id)).toMatchObject({ status: 'open' });
      expect(await store.count({ name, status: 'open' })).toBe(1);
    });

    test('returned entries are copies: changing them does not change the store', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      const snapshot = structuredClone(entry);
      entry.status = 'resolved';
      (entry.payload as { items: unknown[] }).items.push('extra');
      entry.history.push({ from: 'open', to: 'resolved', by: 'x', at: 0 });
      const listed = (await store.list({ name })).items[0]!;
      listed.retryCount = 99;
      expect(await store.get(entry.id)).toEqual(snapshot);
    });
  });
}
