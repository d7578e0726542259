import type { AlertStore, NewAlertRecord } from '@lifeline/core';
import { defineSuite, randomId, type SuiteOptions, type SuiteRunner } from './suite-runner';

/**
 * The conformance suite of the `AlertStore` contract: append returns a unique id and round-trips every
 * field; list is newest first with keyset pagination while alerts are appended; time and severity filters;
 * count agrees with list. Each test uses its own random time window, so a shared database is fine.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * alertStoreSuite({ describe, expect, test }, () => memoryAlertStore());
 * ```
 */
export function alertStoreSuite(
  runner: SuiteRunner,
  factory: () => Promise<AlertStore> | AlertStore,
  options: SuiteOptions = {},
): void {
  const { expect } = runner;
  const setup = async () => {
    // A random day between 2030 and ~2300, whole ms: this test's alerts are alone in it.
    const base = Date.UTC(2030, 0, 1) + Math.floor(Math.random() * 100_000) * 86_400_000;
    return { store: await factory(), base, window: { from: base, to: base + 86_400_000 } };
  };
  const alert = (at: number, overrides: Partial<NewAlertRecord> = {}): NewAlertRecord => ({
    severity: 'warning',
    title: `Email failed: ${randomId()}`,
    message: 'after 3 attempts',
    at,
    delivered: true,
    ...overrides,
  });

  defineSuite(runner, 'AlertStore conformance', options, (test) => {
    test('append returns the record with a unique id, and every field round-trips', async () => {
      const { store, base, window } = await setup();
      const input = alert(base + 5, {
        severity: 'critical',
        fields: { operation: 'purchase/email.send', attempts: 3, retryable: false, none: null },
        dedupeKey: 'dead-letter:x',
        url: 'https://admin.example/failed-operations/dl_1',
        delivered: false,
        error: 'Slack answered 500',
      });
      const first = await store.append(input);
      const second = await store.append(alert(base + 6, { delivered: true }));
      expect(first.id).not.toBe(second.id);
      expect(first).toEqual({ ...input, id: first.id });
      expect((await store.list(window)).items).toEqual([second, first]);
    });

    test('list is newest first by (at, id) and pages by keyset without repeats or gaps while appending', async () => {
      const { store, base, window } = await setup();
      for (let i = 0; i < 9; i++) await store.append(alert(base + (i % 3)));
      const seen: string[] = [];
      let cursor: string | undefined;
      let previous: { at: number; id: string } | undefined;
      do {
        const page = await store.list({ ...window, limit: 4, ...(cursor ? { cursor } : {}) });
        for (const item of page.items) {
          if (previous)
            expect(item.at < previous.at || (item.at === previous.at && item.id < previous.id)).toBe(true);
          previous = item;
          seen.push(item.id);
        }
        cursor = page.nextCursor;
        await store.append(alert(base + 1000)); // newer than the first page: never shows up later
      } while (cursor);
      expect(seen).toHaveLength(9);
      expect(new Set(seen).size).toBe(9);
    });

    test('from is inclusive, to exclusive; severity filters one or many; count agrees', async () => {
      const { store, base } = await setup();
      await store.append(alert(base, { severity: 'info' }));
      await store.append(alert(base + 10, { severity: 'warning' }));
      await store.append(alert(base + 20, { severity: 'critical' }));
      const range = { from: base, to: base + 20 };
      expect((await store.list(range)).items.map((a) => a.at)).toEqual([base + 10, base]);
      expect(await store.count(range)).toBe(2);
      const severe = { from: base, to: base + 100, severity: ['warning', 'critical'] as const };
      expect((await store.list(severe)).items.map((a) => a.severity)).toEqual(['critical', 'warning']);
      expect(await store.count(severe)).toBe(2);
      expect(await store.count({ from: base, to: base + 100, severity: 'info' })).toBe(1);
    });
  });
}
