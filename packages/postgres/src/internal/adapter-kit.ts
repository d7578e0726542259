/**
 * @internal The validation and encoding pieces `@lifeline/supabase` shares with this package, so both
 * stores accept the same inputs and page with the same cursors. Not part of the public API.
 */
export { type CursorPosition, decodeCursor, encodeCursor } from '../dead-letters/dead-letter-cursor';
export {
  filterSchema,
  groupOptionsSchema,
  listOptionsSchema,
  newDeadLetterSchema,
  transitionRequestSchema,
} from '../dead-letters/dead-letter-schemas';
export { attemptQuerySchema, logRecordSchema, logWindowSchema } from '../operation-log/log-schemas';
export { fromJson, toJson } from './json';
export { deadLetterStatus, epochMs, nonEmptyText, operationKind, pgText, serializedError } from './schemas';
export { MAX_TIME, MIN_TIME, pgTime } from './sql';
