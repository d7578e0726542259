import { adapterKit } from '@lifeline/postgres';

/** @internal A keyset position: `(failedAt, id)`. */
export type CursorPosition = adapterKit.CursorPosition;

/** @internal Encodes a keyset position in the same format as the other stores (shared with `@lifeline/postgres`). */
export const encodeCursor: (position: CursorPosition) => string = adapterKit.encodeCursor;

/** @internal Decodes a cursor made by {@link encodeCursor}; throws a ValidationError for anything else. */
export const decodeCursor: (cursor: string) => CursorPosition = adapterKit.decodeCursor;
