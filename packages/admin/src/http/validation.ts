import type { z } from 'zod';
import { errorResponse } from './responses';

/** One problem with a request input, as the API reports it. */
export interface FieldIssue {
  /** Dotted path of the field (`filter.kind`), or `(root)` for the whole body. */
  field: string;
  message: string;
  /** The value received at that path (`undefined` is left out of the JSON). */
  received?: unknown;
}

/** The result of validating a request input: the parsed value, or a 400 response naming each field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response; issues: FieldIssue[] };

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Turns zod issues into API field issues, each with the value that was received. */
export function fieldIssues(error: z.core.$ZodError, input: unknown): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
    // For unknown keys, point at each key rather than the object that holds them.
    if (issue.code === 'unrecognized_keys') {
      return { field: path, message: `unknown field(s): ${issue.keys.join(', ')}`, received: issue.keys };
    }
    return { field: path, message: issue.message, received: valueAt(input, issue.path) };
  });
}

/** A 400 response: `{ error, issues: [{ field, message, received }] }`. */
export function validationResponse(subject: string, issues: FieldIssue[]): Response {
  const detail = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
  return errorResponse(400, `Invalid ${subject}: ${detail}`, { issues });
}

/** Validates `input` with `schema`; on failure, a 400 response that says which field was wrong and why. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  subject: string,
  input: unknown,
): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues = fieldIssues(result.error, input);
  return { ok: false, response: validationResponse(subject, issues), issues };
}

/**
 * The query string as a plain object: one string per key, except keys listed in `multi`, which
 * collect every value (comma-separated values are split too).
 */
export function queryObject(url: URL, multi: readonly string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    if (multi.includes(key)) {
      out[key] = url.searchParams
        .getAll(key)
        .flatMap((value) => value.split(','))
        .map((value) => value.trim())
        .filter((value) => value !== '');
    } else {
      out[key] = url.searchParams.get(key)!;
    }
  }
  return out;
}
