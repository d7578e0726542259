import type { z } from 'zod';
import { guardFor, LifelineError, type LifelineErrorOptions } from './lifeline-error';

/** One problem found in a value: where, what, and the value that was there. */
export interface ValidationIssue {
  /** Dotted path to the field (`customer.email`), or `(root)` for the value itself. */
  path: string;
  /** What was wrong, in words. */
  message: string;
  /** The offending value, as received (possibly `undefined`). */
  received?: unknown;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return String(value);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * A value did not match its schema. The message names every field, what was wrong, and the value
 * received, e.g. `Invalid payload for "purchase/email.send": userEmail: Invalid email address (received "nope")`.
 * Never retried: the same payload fails the same way.
 */
export class ValidationError extends LifelineError {
  /** Every problem found, in schema order. */
  readonly issues: readonly ValidationIssue[];

  constructor(subject: string, issues: readonly ValidationIssue[], options: LifelineErrorOptions = {}) {
    const detail = issues
      .map((issue) => `${issue.path}: ${issue.message} (received ${describe(issue.received)})`)
      .join('; ');
    super(`Invalid ${subject}: ${detail}`, 'LIFELINE_VALIDATION', options);
    this.issues = issues;
  }

  /** Builds a ValidationError from a zod error and the input that failed. */
  static fromZod(subject: string, error: z.core.$ZodError, input: unknown): ValidationError {
    const issues = error.issues.map((issue) => ({
      path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
      message: issue.message,
      received: valueAt(input, issue.path),
    }));
    return new ValidationError(subject, issues, { cause: error });
  }
}

/** True for a {@link ValidationError} from any copy of the package. */
export const isValidationError = guardFor<ValidationError>('LIFELINE_VALIDATION');
