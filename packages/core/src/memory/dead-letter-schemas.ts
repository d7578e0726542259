import { z } from 'zod';
import type { DeadLetterStatus } from '../contracts/dead-letter-store';
import { OPERATION_KINDS, type OperationKind } from '../contracts/operation-kind';
import { ValidationError } from '../errors/validation-error';

/** @internal zod schemas for the inputs of the in-memory dead-letter store. */
const kind = z.enum(OPERATION_KINDS as unknown as [OperationKind, ...OperationKind[]]);
const status = z.enum(['open', 'retrying', 'resolved'] satisfies DeadLetterStatus[]);
const time = z.number().finite('must be a finite number of epoch ms');
const serializedError = z.looseObject({ name: z.string(), message: z.string() });

/** Validates a `NewDeadLetter` (what `DeadLetterStore.add` accepts); every store checks its input with it. */
export const newDeadLetterSchema = z.object({
  kind,
  name: z.string().min(1, 'must be a non-empty string'),
  payload: z.unknown(),
  error: serializedError,
  attempts: z.number().int().nonnegative(),
  idempotencyKey: z.string().min(1, 'must be a non-empty string'),
  firstFailedAt: time,
  failedAt: time,
  meta: z.record(z.string(), z.unknown()).optional(),
});

/** Validates a `DeadLetterFilter`. */
export const filterSchema = z.object({
  kind: kind.optional(),
  name: z.string().optional(),
  status: z.union([status, z.array(status)]).optional(),
  from: time.optional(),
  to: time.optional(),
  at: time.optional(),
  search: z.string().min(1, 'must be 1..200 characters').max(200, 'must be 1..200 characters').optional(),
  errorFingerprint: z.string().min(1).max(100).optional(),
});

/** @internal A page or group size: an integer 1..500, optional. */
export const pageLimit = z
  .number()
  .int('must be an integer')
  .min(1, 'must be at least 1')
  .max(500, 'must be at most 500')
  .optional();

/** @internal */
export const groupOptionsSchema = filterSchema.extend({
  limit: pageLimit,
});

/** Validates `DeadLetterListOptions` (a filter plus `cursor` and `limit` 1–500). */
export const listOptionsSchema = filterSchema.extend({
  cursor: z.string().optional(),
  limit: pageLimit,
});

/** Validates a `DeadLetterTransitionRequest`. */
export const transitionRequestSchema = z.object({
  from: z.union([status, z.array(status).min(1, 'must name at least one status')]),
  to: status,
  by: z.string().min(1, 'must say who acted'),
  at: time,
  note: z.string().optional(),
  error: serializedError.optional(),
  leaseUntil: time.optional(),
});

/** Parses `input` with `schema`, or throws a {@link ValidationError} naming `subject`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, subject: string, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(subject, parsed.error, input);
  return parsed.data;
}
