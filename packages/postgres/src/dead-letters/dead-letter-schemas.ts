import { z } from 'zod';
import {
  deadLetterStatus,
  epochMs,
  nonEmptyText,
  operationKind,
  pgText,
  serializedError,
} from '../internal/schemas';

/** Validates a `NewDeadLetter` as the Postgres-backed stores accept it (text without NUL, times in range). */
export const newDeadLetterSchema = z.object({
  kind: operationKind,
  name: nonEmptyText,
  payload: z.unknown(),
  error: serializedError,
  attempts: z.number().int().nonnegative(),
  idempotencyKey: nonEmptyText,
  firstFailedAt: epochMs,
  failedAt: epochMs,
  meta: z.record(z.string(), z.unknown()).optional(),
});

/** Validates a `DeadLetterFilter` for the Postgres-backed stores. */
export const filterSchema = z.object({
  kind: operationKind.optional(),
  name: pgText.optional(),
  status: z.union([deadLetterStatus, z.array(deadLetterStatus)]).optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  at: epochMs.optional(),
  search: pgText
    .refine((value) => value.length >= 1 && value.length <= 200, 'must be 1..200 characters')
    .optional(),
  errorFingerprint: pgText
    .refine((value) => value.length <= 100, 'must be at most 100 characters')
    .optional(),
});

/** A page or group size: an integer 1..500, optional. */
const pageLimit = z
  .number()
  .int('must be an integer')
  .min(1, 'must be at least 1')
  .max(500, 'must be at most 500')
  .optional();

/** Options of `groupByError`: the filter and a group limit. */
export const groupOptionsSchema = filterSchema.extend({
  limit: pageLimit,
});

/** Validates `DeadLetterListOptions` for the Postgres-backed stores. */
export const listOptionsSchema = filterSchema.extend({
  cursor: z.string().optional(),
  limit: pageLimit,
});

/** Validates a `DeadLetterTransitionRequest` for the Postgres-backed stores. */
export const transitionRequestSchema = z.object({
  from: z.union([deadLetterStatus, z.array(deadLetterStatus).min(1, 'must name at least one status')]),
  to: deadLetterStatus,
  by: nonEmptyText,
  at: epochMs,
  note: pgText.optional(),
  error: serializedError.optional(),
  leaseUntil: epochMs.optional(),
});
