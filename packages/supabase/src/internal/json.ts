import { ValidationError } from '@lifeline/core';

/**
 * @internal Serialises a value for a JSON-text RPC argument (`p_payload`, `p_result`, …); `undefined`
 * becomes null (SQL NULL). JSON goes over as text so `null` and "absent" stay different.
 */
export function toJson(value: unknown, subject: string, path: string): string | null {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(
      subject,
      [{ path, message: `must be JSON-serialisable (${(error as Error).message})`, received: value }],
      { cause: error },
    );
  }
  return text === undefined ? null : text;
}
