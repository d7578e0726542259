import { expect, test } from 'vitest';
import { toInngestDuration } from './duration';

test.each([
  [1, '1s'],
  [1_000, '1s'],
  [1_001, '2s'],
  [59_000, '59s'],
  [60_000, '1m'],
  [90_000, '90s'],
  [3_600_000, '1h'],
  [86_400_000, '1d'],
  [2 * 86_400_000 + 1, '172801s'],
])('%d ms → %s (whole seconds, rounded up, largest exact unit)', (ms, expected) => {
  expect(toInngestDuration(ms, 'x')).toBe(expected);
});

test('a value that is not a positive finite number is refused, naming it', () => {
  expect(() => toInngestDuration(0, 'throttle.periodMs of "a"')).toThrow(
    'throttle.periodMs of "a" must be a finite number of milliseconds > 0, got 0',
  );
  expect(() => toInngestDuration(Number.NaN, 'x')).toThrow(/got NaN/);
});
