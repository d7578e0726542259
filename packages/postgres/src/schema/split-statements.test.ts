import { describe, expect, test } from 'vitest';
import { splitStatements } from './split-statements';

describe('splitStatements', () => {
  test('splits at top-level semicolons, keeps leading comments and drops comment-only pieces', () => {
    expect(splitStatements('-- head; comment\nSELECT 1;\n/* a; b */ SELECT 2 ;\n-- tail\n')).toEqual([
      '-- head; comment\nSELECT 1',
      '/* a; b */ SELECT 2',
    ]);
  });

  test('keeps semicolons inside strings, quoted identifiers and dollar-quoted bodies', () => {
    const script = [
      "SELECT 'a;b', 'it''s;';",
      'SELECT 1 AS "x;y";',
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; RETURN 2; END $$;',
      'CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;',
      'SELECT $1::int',
    ].join('\n');
    expect(splitStatements(script)).toEqual([
      "SELECT 'a;b', 'it''s;'",
      'SELECT 1 AS "x;y"',
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; RETURN 2; END $$',
      'CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$',
      'SELECT $1::int',
    ]);
  });
});
