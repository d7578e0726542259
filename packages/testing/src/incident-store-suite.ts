import type { IncidentStore } from '@lifeline/core';
import { defineSuite, randomId, type SuiteOptions, type SuiteRunner } from './suite-runner';

/**
 * The conformance suite of the `IncidentStore` contract: unknown fingerprints, creation on first update,
 * status and mute changes with history, unmute, and concurrent updates all kept. Random fingerprints per
 * test, so a shared database is fine.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * incidentStoreSuite({ describe, expect, test }, () => memoryIncidentStore());
 * ```
 */
export function incidentStoreSuite(
  runner: SuiteRunner,
  factory: () => Promise<IncidentStore> | IncidentStore,
  options: SuiteOptions & { concurrency?: number } = {},
): void {
  const { expect } = runner;
  const T0 = Date.UTC(2026, 0, 1);
  const setup = async () => ({ store: await factory(), fp: randomId('fp_') });

  defineSuite(runner, 'IncidentStore conformance', options, (test) => {
    test('an untouched fingerprint has no state; getMany returns only known ones', async () => {
      const { store, fp } = await setup();
      expect(await store.get(fp)).toBeUndefined();
      await store.update(fp, { status: 'acknowledged', by: 'ada', at: T0 });
      const many = await store.getMany([fp, randomId('fp_')]);
      expect(many.map((s) => s.errorFingerprint)).toEqual([fp]);
      expect(await store.getMany([])).toEqual([]);
    });

    test('update creates, changes status and mute, records history, and resolved sets resolvedAt', async () => {
      const { store, fp } = await setup();
      const muted = await store.update(fp, { mutedUntil: T0 + 3_600_000, by: 'ada', at: T0 });
      expect(muted).toMatchObject({
        errorFingerprint: fp,
        status: 'open',
        mutedUntil: T0 + 3_600_000,
        updatedBy: 'ada',
        updatedAt: T0,
      });
      const acked = await store.update(fp, { status: 'acknowledged', by: 'bob', at: T0 + 1, note: 'on it' });
      expect(acked).toMatchObject({ status: 'acknowledged', mutedUntil: T0 + 3_600_000, note: 'on it' });
      expect(acked.resolvedAt).toBeUndefined();
      const resolved = await store.update(fp, {
        status: 'resolved',
        mutedUntil: null,
        by: 'bob',
        at: T0 + 2,
      });
      expect(resolved.status).toBe('resolved');
      expect(resolved.resolvedAt).toBe(T0 + 2);
      expect(resolved.mutedUntil).toBeUndefined();
      expect(resolved.history).toEqual([
        { status: 'open', mutedUntil: T0 + 3_600_000, by: 'ada', at: T0 },
        { status: 'acknowledged', mutedUntil: T0 + 3_600_000, by: 'bob', at: T0 + 1, note: 'on it' },
        { status: 'resolved', by: 'bob', at: T0 + 2 },
      ]);
      expect(await store.get(fp)).toEqual(resolved);
    });

    test('concurrent updates of one fingerprint are all kept in history', async () => {
      const { store, fp } = await setup();
      const n = options.concurrency ?? 10;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          store.update(fp, { status: 'acknowledged', by: `admin-${i}`, at: T0 + i }),
        ),
      );
      const state = await store.get(fp);
      expect(state?.history).toHaveLength(n);
      expect(new Set(state?.history.map((h) => h.by)).size).toBe(n);
    });

    test('a bad update is rejected before anything is stored', async () => {
      const { store, fp } = await setup();
      let failed = false;
      try {
        await store.update(fp, { status: 'closed' as never, by: 'ada', at: T0 });
      } catch {
        failed = true;
      }
      expect(failed).toBe(true);
      expect(await store.get(fp)).toBeUndefined();
    });
  });
}
