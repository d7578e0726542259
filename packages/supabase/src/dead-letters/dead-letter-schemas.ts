/** @internal The dead-letter input schemas shared with `@lifeline/postgres`. */
export {
  filterSchema,
  listOptionsSchema,
  newDeadLetterSchema,
  transitionRequestSchema,
} from '@lifeline/postgres/adapter';
