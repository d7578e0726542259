import { ValidationError } from '@lifeline/core';

/** Serialises a value for a `json` parameter: `undefined` becomes SQL NULL. */
export function toJson(value: unknown, subject: string, path: string): string | null {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(
      subject,
      [{ path, message: `must be JSON-serialisable (${(error as Error).message})`, received: value }],
      {
        cause: error,
      },
    );
  }
  return text === undefined ? null : text;
}

/** Parses a `json` column read as text: SQL NULL becomes `undefined`. */
export function fromJson(text: string | null | undefined): unknown {
  return text === null || text === undefined ? undefined : JSON.parse(text);
}
