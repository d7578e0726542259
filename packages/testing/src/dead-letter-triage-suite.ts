import { type DeadLetterStore, isValidationError } from '@lifeline/core';
import { errorFingerprint } from '@lifeline/core/adapter';
import { newDeadLetter, DL_T0 as T0 } from './dead-letter-fixtures';
import { defineSuite, randomId, rejectionOf, type SuiteOptions, type SuiteRunner } from './suite-runner';

/**
 * The conformance suite of the dead-letter triage queries: `search` (id, idempotency key, payload values;
 * case-insensitive; `%` and `_` literal), the `errorFingerprint` filter and the stored fingerprint,
 * `countByStatus` and `groupByError`, and their agreement with `list` and `count`. Each test works under its
 * own random `name`, so a shared database is fine.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * deadLetterTriageSuite({ describe, expect, test }, () => memoryDeadLetterStore());
 * ```
 */
export function deadLetterTriageSuite(
  runner: SuiteRunner,
  factory: () => Promise<DeadLetterStore> | DeadLetterStore,
  options: SuiteOptions = {},
): void {
  const { expect } = runner;
  const setup = async () => ({ store: await factory(), name: randomId('suite/triage-') });

  defineSuite(runner, 'DeadLetterStore triage conformance', options, (test) => {
    test('record stores errorFingerprint(error); ids, amounts and emails in the message do not change it', async () => {
      const { store, name } = await setup();
      const a = await store.record(
        newDeadLetter(name, { error: { name: 'Error', message: 'HTTP 503 for p_1 (ada@example.com)' } }),
      );
      const b = await store.record(
        newDeadLetter(name, { error: { name: 'Error', message: 'HTTP 502 for p_22 (bob@example.org)' } }),
      );
      const c = await store.record(
        newDeadLetter(name, { error: { name: 'TypeError', message: 'HTTP 503 for p_1' } }),
      );
      expect(a.errorFingerprint).toBe(errorFingerprint(a.error));
      expect(a.errorFingerprint).toBe(b.errorFingerprint);
      expect(c.errorFingerprint).not.toBe(a.errorFingerprint);
      expect((await store.get(a.id))?.errorFingerprint).toBe(a.errorFingerprint);
    });

    test('a failed redrive that replaces the error replaces the fingerprint', async () => {
      const { store, name } = await setup();
      const entry = await store.record(newDeadLetter(name));
      await store.transition(entry.id, { from: 'open', to: 'retrying', by: 'ada', at: T0 + 1 });
      const reopened = await store.transition(entry.id, {
        from: 'retrying',
        to: 'open',
        by: 'redrive',
        at: T0 + 2,
        error: { name: 'RangeError', message: 'quota exceeded' },
      });
      expect(reopened.errorFingerprint).toBe(
        errorFingerprint({ name: 'RangeError', message: 'quota exceeded' }),
      );
    });

    test('search matches the id, the idempotency key and payload values at any depth, case-insensitively', async () => {
      const { store, name } = await setup();
      const purchase = randomId('pur_');
      const email = `${randomId('Ada.')}@Example.com`;
      const target = await store.record(
        newDeadLetter(name, {
          payload: {
            order: { purchaseId: purchase, buyer: { email } },
            amountCents: 987654,
            tags: ['VIP-Gold'],
          },
        }),
      );
      const other = await store.record(newDeadLetter(name));
      const ids = async (search: string) => (await store.list({ name, search })).items.map((e) => e.id);
      expect(await ids(purchase.toUpperCase())).toEqual([target.id]);
      expect(await ids(email.toLowerCase())).toEqual([target.id]);
      expect(await ids(email.slice(2, 12))).toEqual([target.id]);
      expect(await ids(target.idempotencyKey)).toEqual([target.id]);
      expect(await ids(target.id.toUpperCase())).toEqual([target.id]);
      expect(await ids('vip-gold')).toEqual([target.id]);
      expect(await ids('987654')).toEqual([target.id]);
      expect(await ids(other.idempotencyKey)).toEqual([other.id]);
      expect(await ids('purchaseId')).toEqual([]); // keys are not searched
      expect(await ids(randomId('absent-'))).toEqual([]);
    });

    test('search treats % and _ as literal characters', async () => {
      const { store, name } = await setup();
      const literal = await store.record(newDeadLetter(name, { payload: { code: '50%_off' } }));
      await store.record(newDeadLetter(name, { payload: { code: '50Xyoff' } }));
      expect((await store.list({ name, search: '50%_' })).items.map((e) => e.id)).toEqual([literal.id]);
      expect(await store.count({ name, search: '%_o' })).toBe(1);
    });

    test('search keeps keyset pagination and agrees with count', async () => {
      const { store, name } = await setup();
      const tag = randomId('batch-');
      for (let i = 0; i < 7; i++)
        await store.record(
          newDeadLetter(name, { payload: { tag: i % 2 ? tag : 'other' }, failedAt: T0 + i }),
        );
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ name, search: tag, limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(3);
      expect(await store.count({ name, search: tag })).toBe(3);
    });

    test('errorFingerprint and a failedAt range filter list and count', async () => {
      const { store, name } = await setup();
      const timeout = await store.record(
        newDeadLetter(name, { failedAt: T0 + 10, error: { name: 'Error', message: 'timeout after 30 s' } }),
      );
      await store.record(
        newDeadLetter(name, { failedAt: T0 + 20, error: { name: 'Error', message: 'bad address' } }),
      );
      await store.record(
        newDeadLetter(name, { failedAt: T0 + 30, error: { name: 'Error', message: 'timeout after 10 s' } }),
      );
      const filter = { name, errorFingerprint: timeout.errorFingerprint };
      expect((await store.list(filter)).items.map((e) => e.failedAt)).toEqual([T0 + 30, T0 + 10]);
      expect(await store.count(filter)).toBe(2);
      expect(await store.count({ ...filter, from: T0 + 11, to: T0 + 31 })).toBe(1);
      expect(await store.count({ name, from: T0 + 10, to: T0 + 30 })).toBe(2);
    });

    test('countByStatus counts every status for the filter, ignoring its status, zeros included', async () => {
      const { store, name } = await setup();
      const entries = [];
      for (let i = 0; i < 4; i++)
        entries.push(await store.record(newDeadLetter(name, { payload: { n: `v${i}` } })));
      await store.transition(entries[0]!.id, { from: 'open', to: 'retrying', by: 'ada', at: T0 + 1 });
      await store.transition(entries[1]!.id, { from: 'open', to: 'resolved', by: 'ada', at: T0 + 1 });
      expect(await store.countByStatus({ name, status: 'open' })).toEqual({
        open: 2,
        retrying: 1,
        resolved: 1,
      });
      expect(await store.countByStatus({ name, search: 'v1' })).toEqual({
        open: 0,
        retrying: 0,
        resolved: 1,
      });
      expect(await store.countByStatus({ name: randomId('none-') })).toEqual({
        open: 0,
        retrying: 0,
        resolved: 0,
      });
    });

    test('groupByError groups by fingerprint, largest first, with first/last failedAt and the latest sample', async () => {
      const { store, name } = await setup();
      const messages = [
        'timeout after 1 s',
        'timeout after 2 s',
        'timeout after 3 s',
        'bad address x@y.io',
        'quota',
      ];
      for (const [i, message] of messages.entries())
        await store.record(newDeadLetter(name, { failedAt: T0 + i * 10, error: { name: 'Error', message } }));
      await store.record(
        newDeadLetter(name, { failedAt: T0 + 100, error: { name: 'Error', message: 'bad address z@w.io' } }),
      );
      const groups = await store.groupByError({ name });
      expect(groups.map((g) => g.count)).toEqual([3, 2, 1]);
      expect(groups[0]).toEqual({
        errorFingerprint: errorFingerprint({ name: 'Error', message: 'timeout after 9 s' }),
        errorName: 'Error',
        sampleMessage: 'timeout after 3 s',
        count: 3,
        firstFailedAt: T0,
        lastFailedAt: T0 + 20,
      });
      expect(groups[1]).toMatchObject({
        sampleMessage: 'bad address z@w.io',
        firstFailedAt: T0 + 30,
        lastFailedAt: T0 + 100,
      });
      expect(await store.groupByError({ name, limit: 1 })).toHaveLength(1);
      const total = (await store.groupByError({ name, from: T0 + 20 })).reduce((n, g) => n + g.count, 0);
      expect(total).toBe(await store.count({ name, from: T0 + 20 }));
    });

    test('groupByError breaks count ties by the latest failure', async () => {
      const { store, name } = await setup();
      await store.record(
        newDeadLetter(name, { failedAt: T0 + 1, error: { name: 'Error', message: 'alpha' } }),
      );
      await store.record(
        newDeadLetter(name, { failedAt: T0 + 5, error: { name: 'Error', message: 'beta' } }),
      );
      expect((await store.groupByError({ name })).map((g) => g.sampleMessage)).toEqual(['beta', 'alpha']);
    });

    test('an empty or too long search is rejected with a ValidationError naming the field', async () => {
      const { store } = await setup();
      for (const search of ['', 'x'.repeat(201)]) {
        const error = await rejectionOf(store.list({ search }), `list({ search: ${search.length} chars })`);
        expect(isValidationError(error)).toBe(true);
        expect(String((error as Error).message)).toMatch(/search/);
      }
    });
  });
}
