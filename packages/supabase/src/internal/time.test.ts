import { isValidationError } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { MAX_TIME, MIN_TIME, pgTime } from './time';

describe('pgTime', () => {
  test('writes epoch ms as a UTC timestamptz literal with microseconds', () => {
    expect(pgTime(Date.UTC(2026, 0, 1))).toBe('2026-01-01 00:00:00.000000+00');
    expect(pgTime(Date.UTC(2026, 10, 26, 23, 59, 59, 123) + 0.456)).toBe('2026-11-26 23:59:59.123456+00');
    expect(pgTime(0.9999)).toBe('1970-01-01 00:00:00.001000+00');
    expect(pgTime(MIN_TIME)).toBe('0001-01-01 00:00:00.000000+00');
    expect(pgTime(MAX_TIME)).toBe('9999-12-31 23:59:59.999000+00');
  });

  test('refuses times outside years 1..9999 and non-finite numbers', () => {
    for (const value of [MIN_TIME - 1, MAX_TIME + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let error: unknown;
      try {
        pgTime(value);
      } catch (caught) {
        error = caught;
      }
      expect(isValidationError(error)).toBe(true);
    }
  });
});
