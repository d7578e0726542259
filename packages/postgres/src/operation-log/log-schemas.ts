import { z } from 'zod';
import { epochMs, nonEmptyText, operationKind, pgText } from '../internal/schemas';

/** An attempt record as the Postgres-backed logs accept it (text without NUL, times in range). */
export const logRecordSchema = z.object({
  operation: nonEmptyText,
  kind: operationKind,
  idempotencyKey: pgText,
  attempt: z.number().int().min(1, 'is 1-based'),
  outcome: z.enum(['succeeded', 'retrying', 'dead_lettered', 'duplicate']),
  at: epochMs,
  durationMs: z.number().finite().nonnegative(),
  enqueuedAt: epochMs,
  error: pgText.optional(),
  delayMs: z.number().finite().nonnegative().optional(),
});

/** Which records `attempts` reads. */
export const attemptQuerySchema = z.object({
  idempotencyKey: nonEmptyText,
  operation: nonEmptyText.optional(),
});

/** A `[from, to)` window of the log. */
export const logWindowSchema = z
  .object({ from: epochMs, to: epochMs })
  .refine((window) => window.from <= window.to, { message: '`from` must not be after `to`', path: ['to'] });
