import { OPERATION_KINDS, type OperationKind } from '@lifeline/core';
import { z } from 'zod';

/** An operation kind: `email`, `webhook` or `job`. */
export const kindSchema = z.enum(OPERATION_KINDS as unknown as [OperationKind, ...OperationKind[]], {
  error: `must be one of ${OPERATION_KINDS.join(', ')}`,
});

/** A dead-letter status. */
export const statusSchema = z.enum(['open', 'retrying', 'resolved'], {
  error: 'must be one of open, retrying, resolved',
});

/** An operation name as `defineOperation` allows it. */
export const nameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[A-Za-z0-9_./:-]+$/, 'must contain only letters, digits and _ . / : -');

/** A dead-letter id from the URL or a body: printable, no slashes or spaces. */
export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'is not a dead-letter id');

/** A search: an id, an idempotency key, or a payload value such as a purchase id or an email (case-insensitive). */
export const searchSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

/** An error fingerprint, as the groups and incidents list them. */
export const fingerprintSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_:.-]+$/, 'is not an error fingerprint (copy it from the groups or incidents)');

const EPOCH_MS = /^\d{1,15}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A time as a query string: ISO 8601 (`2026-01-01T12:00:00Z`) or epoch milliseconds, parsed to epoch ms. */
export const timeParamSchema = z.string().transform((value, ctx) => {
  const text = value.trim();
  const ms = EPOCH_MS.test(text) ? Number(text) : ISO_DATE.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an ISO 8601 date-time (2026-01-01T12:00:00Z) or epoch milliseconds',
    });
    return z.NEVER;
  }
  return ms;
});

/** A time in a JSON body: epoch milliseconds (number) or an ISO 8601 string. */
export const timeBodySchema = z.union([z.number().int().nonnegative(), timeParamSchema], {
  error: 'must be an ISO 8601 date-time or epoch milliseconds',
});

/** An opaque keyset cursor: the `nextCursor` of a previous page, passed back unchanged (the store checks its format). */
export const cursorSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(1024, 'is too long to be a cursor')
  .regex(/^[\x21-\x7e]+$/, 'is not a cursor returned by this API (pass nextCursor back unchanged)');

/** A page size in a query string: a whole number 1..200. */
export const limitParamSchema = z
  .string()
  .regex(/^\d+$/, 'must be a whole number between 1 and 200')
  .transform(Number)
  .pipe(z.number().min(1, 'must be between 1 and 200').max(200, 'must be between 1 and 200'));

/** Refuses a time range whose `to` is not after `from`. */
export function checkRange(value: { from?: number; to?: number }, ctx: z.RefinementCtx): void {
  if (value.from !== undefined && value.to !== undefined && value.to <= value.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after `from`' });
  }
}

/** The query of `GET {base}/api/failed-operations`. Unknown parameters are refused, so typos do not pass silently. */
export const listQuerySchema = z
  .strictObject({
    q: searchSchema.optional(),
    error: fingerprintSchema.optional(),
    kind: kindSchema.optional(),
    name: nameSchema.optional(),
    status: z.array(statusSchema).min(1, 'must name at least one status').optional(),
    from: timeParamSchema.optional(),
    to: timeParamSchema.optional(),
    cursor: cursorSchema.optional(),
    limit: limitParamSchema.optional(),
  })
  .superRefine(checkRange);

/** A parsed list query. */
export type ListQuery = z.output<typeof listQuerySchema>;

/** `?reveal=1` on the detail route. */
export const detailQuerySchema = z.strictObject({
  reveal: z.enum(['0', '1', 'true', 'false'], { error: 'must be 1 or 0' }).optional(),
});

const WINDOW = /^(\d{1,10})(m|h|d)?$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** Shortest and longest health window. */
export const WINDOW_LIMITS = { min: 60_000, max: 31 * 86_400_000 } as const;

/** A health window: `90m`, `24h`, `7d`, or milliseconds; between one minute and 31 days. */
export const windowParamSchema = z.string().transform((value, ctx) => {
  const match = WINDOW.exec(value.trim());
  const ms = match
    ? Number(match[1]) * (match[2] ? UNIT_MS[match[2] as keyof typeof UNIT_MS] : 1)
    : Number.NaN;
  if (!match || ms < WINDOW_LIMITS.min || ms > WINDOW_LIMITS.max) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a duration like 90m, 24h or 7d (or milliseconds), between 1 minute and 31 days',
    });
    return z.NEVER;
  }
  return ms;
});

/** The query of `GET {base}/api/operations-health`. */
export const healthQuerySchema = z.strictObject({ window: windowParamSchema.optional() });
