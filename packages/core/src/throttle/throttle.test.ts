import { describe, expect, test } from 'vitest';
import { virtualClock } from '../clock/virtual-clock';
import { isValidationError } from '../errors/validation-error';
import { createThrottle, type ThrottleRule } from './throttle';

const RULE: ThrottleRule = { limit: 50, periodMs: 60_000 };

/** The most starts in any half-open window `[s, s + periodMs)` that opens at a start. */
function busiestWindow(starts: number[], periodMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + periodMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe('createThrottle', () => {
  test('120 acquisitions at once under 50 / 60 s: all run, none dropped, never more than 50 in a minute', async () => {
    const clock = virtualClock();
    const throttle = createThrottle({ clock });
    const t0 = clock.now();
    const starts: number[] = [];
    const waits = await clock.run(
      Promise.all(
        Array.from({ length: 120 }, () =>
          throttle.acquire('email:ada@example.com', RULE).then((waited) => {
            starts.push(clock.now());
            return waited;
          }),
        ),
      ),
    );
    expect(starts).toHaveLength(120);
    expect(waits.filter((w) => w === 0)).toHaveLength(50);
    expect(busiestWindow(starts, RULE.periodMs)).toBe(50);
    for (let i = 0; i < 120; i++) expect(starts[i]! - t0).toBe(waits[i]);
    expect(Math.max(...starts) - t0).toBe(120_000); // third batch of 50 starts two periods in
  });

  test('120 acquisitions arriving every 250 ms are spread out, none dropped', async () => {
    const clock = virtualClock();
    const throttle = createThrottle({ clock });
    const starts: number[] = [];
    const all: Promise<number>[] = [];
    for (let i = 0; i < 120; i++) {
      all.push(
        throttle.acquire('email:bob@example.com', RULE).then((waited) => {
          starts.push(clock.now());
          return waited;
        }),
      );
      await clock.advance(250);
    }
    const waits = await clock.run(Promise.all(all));
    expect(starts).toHaveLength(120);
    expect(busiestWindow(starts, RULE.periodMs)).toBeLessThanOrEqual(50);
    expect(waits.slice(0, 50).every((w) => w === 0)).toBe(true);
    expect(waits[50]).toBeGreaterThan(0);
  });

  test('keys are throttled independently', async () => {
    const clock = virtualClock();
    const throttle = createThrottle({ clock });
    const rule = { limit: 2, periodMs: 1_000 };
    await throttle.acquire('a', rule);
    await throttle.acquire('a', rule);
    expect(await throttle.acquire('b', rule)).toBe(0);
    const third = throttle.acquire('a', rule);
    expect(await clock.run(third)).toBe(1_000);
  });

  test('an abort while waiting rejects with the reason', async () => {
    const clock = virtualClock();
    const throttle = createThrottle({ clock });
    const rule = { limit: 1, periodMs: 10_000 };
    await throttle.acquire('k', rule);
    const controller = new AbortController();
    const waiting = throttle.acquire('k', rule, controller.signal).catch((e: unknown) => e);
    await clock.advance(1_000);
    controller.abort(new Error('timed out'));
    expect(((await waiting) as Error).message).toBe('timed out');
    expect(clock.pendingTimers()).toBe(0);
  });

  test.each([
    [{ limit: 0, periodMs: 1_000 }, /limit: must be at least 1 \(received 0\)/],
    [{ limit: 1.5, periodMs: 1_000 }, /limit: must be an integer/],
    [{ limit: 5, periodMs: 0 }, /periodMs: must be greater than 0/],
    [{ limit: 5 } as ThrottleRule, /periodMs/],
  ])('rejects the rule %j with a clear error', async (rule, message) => {
    const error = await createThrottle()
      .acquire('k', rule)
      .catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/Invalid throttle rule for key "k"/);
    expect((error as Error).message).toMatch(message);
  });

  test('rejects an empty key', async () => {
    await expect(createThrottle().acquire('', RULE)).rejects.toThrow(
      /throttle key: key: must be a non-empty string/,
    );
  });
});
