import { describe, expect, it } from 'vitest';
import { formatAmount } from '../src/format-amount';

describe('formatAmount', () => {
  it('uses the currency minor unit', () => {
    expect(formatAmount(1999, 'usd')).toBe('USD 19.99');
    expect(formatAmount(500, 'jpy')).toBe('JPY 500');
    expect(formatAmount(1234, 'kwd')).toBe('KWD 1.234');
  });

  it('falls back to minor units for a code Intl does not know', () => {
    expect(formatAmount(42, 'unknown')).toBe('UNKNOWN 42 (minor units)');
  });
});
