/** @internal The dead-letter input schemas shared with `@lifeline/postgres`. */
export {
  filterSchema,
  groupOptionsSchema,
  listOptionsSchema,
  newDeadLetterSchema,
  transitionRequestSchema,
} from '@lifeline/postgres/adapter';
