import { type DeadLetterStatus, OPERATION_KINDS, type OperationKind } from '@lifeline/core';
import { z } from 'zod';
import { MAX_TIME, MIN_TIME } from './sql';

/** A string Postgres `text` can hold (no NUL characters). */
export const pgText = z
  .string()
  .refine(
    (value) => !value.includes('\u0000'),
    'must not contain NUL (\\u0000) characters: Postgres text cannot hold them',
  );
/** A non-empty {@link pgText}. */
export const nonEmptyText = pgText.refine((value) => value.length > 0, 'must be a non-empty string');
/** Epoch milliseconds. */
export const epochMs = z
  .number()
  .finite('must be a finite number of epoch ms')
  .min(MIN_TIME, 'must be a time from year 1 on')
  .max(MAX_TIME, 'must be a time up to year 9999');
/** An operation kind (`email`, `webhook`, `job`). */
export const operationKind = z.enum(OPERATION_KINDS as unknown as [OperationKind, ...OperationKind[]]);
/** A dead-letter status (`open`, `retrying`, `resolved`). */
export const deadLetterStatus = z.enum(['open', 'retrying', 'resolved'] satisfies DeadLetterStatus[]);
/** A serialised error: `name` and `message`, anything else kept. */
export const serializedError = z.looseObject({ name: z.string(), message: z.string() });
