/** @internal The zod pieces shared with `@lifeline/postgres`, so both stores accept the same inputs. */
export {
  deadLetterStatus,
  epochMs,
  nonEmptyText,
  operationKind,
  pgText,
  serializedError,
} from '@lifeline/postgres/adapter';
