import { isValidationError } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { quotedSchema } from './identifier';

describe('quotedSchema', () => {
  test('defaults to "lifeline" and quotes valid names', () => {
    expect(quotedSchema()).toBe('"lifeline"');
    expect(quotedSchema({ schema: 'ops_2' })).toBe('"ops_2"');
    expect(quotedSchema({ schema: `_${'a'.repeat(62)}` })).toBe(`"_${'a'.repeat(62)}"`);
  });

  test('rejects anything that could escape the quotes or is not a plain lowercase name, naming the value', () => {
    for (const schema of ['', 'Ops', '1abc', 'a-b', 'a"b', 'a; drop table x', 'ä', 'a'.repeat(64), ' x']) {
      let error: unknown;
      try {
        quotedSchema({ schema });
      } catch (caught) {
        error = caught;
      }
      expect(isValidationError(error)).toBe(true);
      expect((error as Error).message).toContain('schema');
      expect((error as Error).message).toContain(JSON.stringify(schema).slice(0, 20));
    }
  });
});
