import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jsonCopy } from './json-copy';

describe('jsonCopy', () => {
  test('equals a JSON round trip for any JSON-like value, and shares nothing with it', () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withNullPrototype: false }), (value) => {
        let expected: unknown;
        try {
          const text = JSON.stringify(value);
          expected = text === undefined ? null : JSON.parse(text);
        } catch {
          expect(() => jsonCopy(value)).toThrow(TypeError);
          return;
        }
        expect(jsonCopy(value)).toStrictEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  test('a copy is independent of its source', () => {
    const source = { list: [{ a: 1 }] };
    const copied = jsonCopy(source) as typeof source;
    copied.list[0]!.a = 2;
    expect(source.list[0]!.a).toBe(1);
  });

  test('follows JSON on the special cases', () => {
    expect(
      jsonCopy({ at: new Date(0), u: undefined, f: () => 1, n: Number.NaN, arr: [undefined, Symbol('s')] }),
    ).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      n: null,
      arr: [null, null],
    });
    expect(jsonCopy(undefined)).toBeNull();
    expect(() => jsonCopy({ n: 1n })).toThrow(/BigInt 1n at "n"/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => jsonCopy(cyclic)).toThrow(/circular/);
  });
});
