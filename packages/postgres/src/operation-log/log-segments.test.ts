import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { HOUR_MS, MINUTE_MS, type Range, segmentsOf } from './log-segments';

const covered = (ranges: Range[]) => [...ranges].sort((a, b) => a[0] - b[0]);

describe('segmentsOf', () => {
  test('a day-long unaligned window: whole hours from the hour rollup, minute edges, sub-minute edges raw', () => {
    const from = Date.UTC(2026, 0, 1, 10, 17, 30, 250);
    const to = from + 86_400_000;
    expect(segmentsOf(from, to, { minute: true, hour: true })).toEqual({
      raw: [
        [from, Date.UTC(2026, 0, 1, 10, 18)],
        [Date.UTC(2026, 0, 2, 10, 17), to],
      ],
      minute: [
        [Date.UTC(2026, 0, 1, 10, 18), Date.UTC(2026, 0, 1, 11)],
        [Date.UTC(2026, 0, 2, 10), Date.UTC(2026, 0, 2, 10, 17)],
      ],
      hour: [[Date.UTC(2026, 0, 1, 11), Date.UTC(2026, 0, 2, 10)]],
    });
  });

  test('a window inside one minute is read raw; with tiers off everything is raw', () => {
    expect(segmentsOf(1_000, 59_000, { minute: true, hour: true })).toEqual({
      raw: [[1_000, 59_000]],
      minute: [],
      hour: [],
    });
    expect(segmentsOf(0, 10 * HOUR_MS, { minute: false, hour: false })).toEqual({
      raw: [[0, 10 * HOUR_MS]],
      minute: [],
      hour: [],
    });
  });

  test('property: the parts cover [from, to) exactly once and each tier is aligned to its grain', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 0, max: 3 * 86_400_000 }),
        fc.boolean(),
        fc.boolean(),
        (from, length, minute, hour) => {
          const to = from + length;
          const s = segmentsOf(from, to, { minute, hour: minute && hour });
          const all = covered([...s.raw, ...s.minute, ...s.hour]);
          let at = from;
          for (const [a, b] of all) {
            expect(a).toBe(at);
            expect(b).toBeGreaterThan(a);
            at = b;
          }
          expect(at).toBe(length === 0 ? from : to);
          for (const [a, b] of s.minute) expect([a % MINUTE_MS, b % MINUTE_MS]).toEqual([0, 0]);
          for (const [a, b] of s.hour) expect([a % HOUR_MS, b % HOUR_MS]).toEqual([0, 0]);
          for (const [a, b] of s.raw)
            expect(b - a).toBeLessThan(minute && length >= 2 * MINUTE_MS ? MINUTE_MS : length + 1);
        },
      ),
    );
  });
});
