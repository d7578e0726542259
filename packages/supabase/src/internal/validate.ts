import { ValidationError } from '@lifeline/core';
import type { z } from 'zod';

/** @internal Parses `input` with `schema` or throws a ValidationError naming `subject`, each field and value. */
export function parseOrThrow<S extends z.ZodType>(schema: S, subject: string, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(subject, parsed.error, input);
  return parsed.data;
}

/** @internal True for a string Postgres `text` can hold (no NUL), i.e. one worth asking the database about. */
export const isPgText = (value: unknown): value is string =>
  typeof value === 'string' && !value.includes('\u0000');
