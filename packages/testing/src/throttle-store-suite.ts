import type { ThrottleStore } from '@lifeline/core';
import { seededRandom } from './fakes/seeded-random';
import { defineSuite, randomId, type SuiteOptions, type SuiteRunner } from './suite-runner';

const T0 = Date.UTC(2026, 0, 1);

/** The most slot starts in any half-open window `[s, s + periodMs)`. */
function busiestWindow(starts: readonly number[], periodMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + periodMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

/**
 * The conformance suite of the `ThrottleStore` contract: a burst of `limit` starts at once, the next
 * waits at least one interval (`periodMs / limit`), no window of `periodMs` ever holds more than
 * `limit` starts (concurrent or spread-out reservations), nothing is dropped, keys are independent,
 * and reservations below the rate are not delayed. Each test uses a random key.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * throttleStoreSuite({ describe, expect, test }, () => postgresThrottleStore(sql));
 * ```
 */
export function throttleStoreSuite(
  runner: SuiteRunner,
  factory: () => Promise<ThrottleStore> | ThrottleStore,
  options: SuiteOptions = {},
): void {
  const { expect } = runner;
  const setup = async () => ({ store: await factory(), key: randomId('throttle-') });

  /** Checks every delay is a finite number ≥ 0 and returns the start times. */
  const startsOf = (reservations: Array<{ now: number; delay: number }>) =>
    reservations.map(({ now, delay }) => {
      expect(Number.isFinite(delay) && delay >= 0).toBe(true);
      return now + delay;
    });

  defineSuite(runner, 'ThrottleStore conformance', options, (test) => {
    test('a burst of limit reservations starts at once; the next waits at least one interval', async () => {
      const { store, key } = await setup();
      for (let i = 0; i < 5; i++) expect(await store.reserve(key, 5, 1_000, T0)).toBe(0);
      const sixth = await store.reserve(key, 5, 1_000, T0);
      expect(sixth).toBeGreaterThanOrEqual(200);
      expect(sixth).toBeLessThanOrEqual(1_000);
    });

    test('concurrent reservations of one key: exactly limit start now, and no period ever holds more than limit', async () => {
      const { store, key } = await setup();
      const delays = await Promise.all(Array.from({ length: 31 }, () => store.reserve(key, 10, 60_000, T0)));
      expect(delays.filter((d) => d === 0)).toHaveLength(10);
      const starts = startsOf(delays.map((delay) => ({ now: T0, delay })));
      expect(busiestWindow(starts, 60_000)).toBeLessThanOrEqual(10);
      expect(Math.max(...starts) - T0).toBeLessThanOrEqual(3 * 60_000); // delayed, never dropped or starved
    });

    test('reservations arriving at random times never put more than limit starts in one period', async () => {
      const { store, key } = await setup();
      const random = seededRandom(7);
      const reservations: Array<{ now: number; delay: number }> = [];
      let now = T0;
      for (let i = 0; i < 150; i++) {
        now += Math.floor(random() * 400); // arrivals far above 50 / 60 s, in bursts and lulls
        const burst = random() < 0.2 ? 5 : 1;
        const delays = await Promise.all(
          Array.from({ length: burst }, () => store.reserve(key, 50, 60_000, now)),
        );
        for (const delay of delays) reservations.push({ now, delay });
      }
      const starts = startsOf(reservations);
      expect(starts).toHaveLength(reservations.length);
      expect(busiestWindow(starts, 60_000)).toBeLessThanOrEqual(50);
    });

    test('reservations below the rate are not delayed', async () => {
      const { store, key } = await setup();
      for (let i = 0; i < 20; i++) expect(await store.reserve(key, 4, 1_000, T0 + i * 500)).toBe(0);
    });

    test('after a quiet period a full burst is available again', async () => {
      const { store, key } = await setup();
      for (let i = 0; i < 8; i++) await store.reserve(key, 4, 1_000, T0);
      const quiet = T0 + 10_000;
      for (let i = 0; i < 4; i++) expect(await store.reserve(key, 4, 1_000, quiet)).toBe(0);
      expect(await store.reserve(key, 4, 1_000, quiet)).toBeGreaterThan(0);
    });

    test('keys are independent', async () => {
      const { store, key } = await setup();
      for (let i = 0; i < 3; i++) await store.reserve(key, 3, 1_000, T0);
      expect(await store.reserve(key, 3, 1_000, T0)).toBeGreaterThan(0);
      expect(await store.reserve(`${key}-other`, 3, 1_000, T0)).toBe(0);
    });

    test('with limit 1, slots are a full period apart', async () => {
      const { store, key } = await setup();
      const delays = await Promise.all(Array.from({ length: 4 }, () => store.reserve(key, 1, 5_000, T0)));
      expect([...delays].sort((a, b) => a - b)).toEqual([0, 5_000, 10_000, 15_000]);
    });
  });
}
