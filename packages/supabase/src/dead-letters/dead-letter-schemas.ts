import { adapterKit } from '@lifeline/postgres';

/** @internal The dead-letter input schemas shared with `@lifeline/postgres`. */
export const {
  filterSchema,
  groupOptionsSchema,
  listOptionsSchema,
  newDeadLetterSchema,
  transitionRequestSchema,
} = adapterKit;
