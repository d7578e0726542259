/**
 * `@lifeline/postgres/adapter`: the validation and encoding pieces of the Postgres stores, for adapters
 * that sit on the same SQL schema (such as `@lifeline/supabase`), so every Postgres-backed store accepts
 * the same inputs, pages with the same cursors and writes times the same way. Apps never need this entry.
 *
 * ```ts
 * import { epochMs, pgTime } from '@lifeline/postgres/adapter';
 *
 * const at = pgTime(epochMs.parse(Date.UTC(2026, 0, 1))); // '2026-01-01 00:00:00.000000+00'
 * ```
 *
 * @module
 */
export { type CursorPosition, decodeCursor, encodeCursor } from './dead-letters/dead-letter-cursor';
export {
  filterSchema,
  groupOptionsSchema,
  listOptionsSchema,
  newDeadLetterSchema,
  transitionRequestSchema,
} from './dead-letters/dead-letter-schemas';
export { fromJson, toJson } from './internal/json';
export {
  deadLetterStatus,
  epochMs,
  nonEmptyText,
  operationKind,
  pgText,
  serializedError,
} from './internal/schemas';
export { MAX_TIME, MIN_TIME, pgTime } from './internal/sql';
export { attemptQuerySchema, logRecordSchema, logWindowSchema } from './operation-log/log-schemas';
