import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidationError } from '../errors/index';
import { BACKOFF_DEFAULTS, backoffDelay, resolveBackoff } from './backoff';

const options = fc.record({
  initialMs: fc.double({ min: 0, max: 100_000, noNaN: true }),
  maxMs: fc.double({ min: 0, max: 1_000_000, noNaN: true }),
  factor: fc.double({ min: 1, max: 10, noNaN: true }),
});
const failedAttempt = fc.integer({ min: 1, max: 200 });
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const capOf = (n: number, o: { initialMs: number; maxMs: number; factor: number }) =>
  o.initialMs === 0 ? 0 : Math.min(o.maxMs, o.initialMs * o.factor ** (n - 1));

describe('backoffDelay', () => {
  it('full jitter stays within [0, min(maxMs, initial * factor^(n-1))]', () => {
    fc.assert(
      fc.property(failedAttempt, options, unit, (n, o, r) => {
        const delay = backoffDelay(n, { ...o, jitter: 'full' }, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(capOf(n, o));
      }),
    );
  });

  it('without jitter the delay is exactly the cap', () => {
    fc.assert(
      fc.property(failedAttempt, options, (n, o) => {
        expect(backoffDelay(n, { ...o, jitter: 'none' })).toBe(capOf(n, o));
      }),
    );
  });

  it('full jitter scales the cap by the random draw', () => {
    expect(backoffDelay(3, { initialMs: 100 }, () => 0.5)).toBe(200);
    expect(backoffDelay(1, undefined, () => 0)).toBe(0);
  });

  it('defaults to 1 s doubling up to 60 s with full jitter', () => {
    expect(resolveBackoff()).toEqual(BACKOFF_DEFAULTS);
    expect(resolveBackoff({ maxMs: 5 })).toEqual({ ...BACKOFF_DEFAULTS, maxMs: 5 });
    const noJitter = { jitter: 'none' } as const;
    expect([1, 2, 3, 7, 8, 50].map((n) => backoffDelay(n, noJitter))).toEqual([
      1000, 2000, 4000, 60_000, 60_000, 60_000,
    ]);
  });

  it.each([
    [{ initialMs: -1 }, 'initialMs', '-1'],
    [{ maxMs: '100' as never }, 'maxMs', '"100"'],
    [{ factor: 0.5 }, 'factor', '0.5'],
    [{ jitter: 'half' as never }, 'jitter', '"half"'],
    [{ initalMs: 5 } as never, 'initalMs', ''],
  ])('rejects %o with an error naming the field and value', (bad, field, value) => {
    let thrown: unknown;
    try {
      backoffDelay(1, bad);
    } catch (error) {
      thrown = error;
    }
    expect(isValidationError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('Invalid backoff options');
    expect((thrown as Error).message).toContain(field);
    expect((thrown as Error).message).toContain(value);
  });

  it('rejects a failedAttempt that is not an integer >= 1', () => {
    expect(() => backoffDelay(0)).toThrow(/failedAttempt: must be an integer >= 1.*received 0/);
    expect(() => backoffDelay(1.5)).toThrow(/received 1.5/);
  });
});
