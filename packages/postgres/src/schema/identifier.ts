import { ValidationError } from '@lifeline/core';

/** The schema Lifeline's tables live in unless told otherwise. */
export const DEFAULT_SCHEMA = 'lifeline';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Options every store and helper accepts: which schema holds Lifeline's tables. */
export interface SchemaOptions {
  /**
   * Schema name: lowercase letters, digits and `_`, starting with a letter or `_`, at most 63
   * characters. Default `lifeline`.
   */
  schema?: string;
}

/**
 * @internal Validates a schema name against a strict pattern and returns it double-quoted, ready to
 * splice into SQL. Nothing else is ever spliced: every value goes in as a `$n` parameter.
 */
export function quotedSchema(options: SchemaOptions = {}): string {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) {
    throw new ValidationError('schema name', [
      {
        path: 'schema',
        message: 'must be 1-63 lowercase letters, digits or _, starting with a letter or _',
        received: schema,
      },
    ]);
  }
  return `"${schema}"`;
}
