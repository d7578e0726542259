/** @internal The keyset cursor codec shared with `@lifeline/postgres` (same format as the other stores). */
export { type CursorPosition, decodeCursor, encodeCursor } from '@lifeline/postgres/adapter';
