import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fingerprint, stableStringify } from './fingerprint';

describe('stableStringify', () => {
  test('sorts object keys at every depth', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  test('follows JSON for undefined, functions, non-finite numbers and toJSON', () => {
    expect(stableStringify({ a: undefined, f: () => 1, n: Number.NaN, i: Number.POSITIVE_INFINITY })).toBe(
      '{"i":null,"n":null}',
    );
    expect(stableStringify([undefined, () => 1, 1])).toBe('[null,null,1]');
    expect(stableStringify({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
    expect(stableStringify(undefined)).toBe('null');
    expect(stableStringify('é"')).toBe(JSON.stringify('é"'));
  });

  test('agrees with JSON.parse: the output is valid JSON of the same value', () => {
    const value = { z: [1, 'two', { x: null, w: true }], a: -0.5, m: { '': 1, 'k"ey': 2 } };
    expect(JSON.parse(stableStringify(value))).toEqual(value);
  });

  test('for any value, parses back to what JSON.stringify gives, and ignores key order', () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withNullPrototype: false }), (value) => {
        let text: string | undefined;
        try {
          text = JSON.stringify(value);
        } catch {
          expect(() => stableStringify(value)).toThrow(TypeError);
          return;
        }
        const stable = stableStringify(value);
        expect(JSON.parse(stable)).toStrictEqual(text === undefined ? null : JSON.parse(text));
        if (
          value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          !(value instanceof Date)
        ) {
          const reversed = Object.fromEntries(Object.entries(value).reverse());
          expect(stableStringify(reversed)).toBe(stable);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('allows shared (non-circular) references but rejects cycles and BigInt', () => {
    const shared = { v: 1 };
    expect(stableStringify({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableStringify(cyclic)).toThrow(/circular reference at "self"/);
    expect(() => stableStringify({ amount: 10n })).toThrow(/BigInt 10n at "amount"/);
  });
});

describe('fingerprint', () => {
  test('is sha256 hex, independent of key order, and differs for different values', () => {
    const a = fingerprint({ purchaseId: 'p1', email: 'a@example.com' });
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fingerprint({ email: 'a@example.com', purchaseId: 'p1' })).toBe(a);
    expect(fingerprint({ email: 'a@example.com', purchaseId: 'p2' })).not.toBe(a);
    expect(fingerprint([1, 2])).not.toBe(fingerprint([2, 1]));
  });

  test('matches a known digest', () => {
    // sha256('{"a":1}') computed independently
    expect(fingerprint({ a: 1 })).toBe(
      'sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    );
  });
});
