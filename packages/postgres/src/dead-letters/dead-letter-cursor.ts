import { ValidationError } from '@lifeline/core';

/** The keyset position after which a page continues: the last entry's `(failedAt, id)`. */
export interface CursorPosition {
  failedAt: number;
  id: string;
}

/** Encodes a position as opaque base64url (the same format as the in-memory store). */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.failedAt, position.id])).toString('base64url');
}

/** Decodes a cursor from {@link encodeCursor}; throws a ValidationError for anything else. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isFinite(value[0]) &&
      typeof value[1] === 'string' &&
      !value[1].includes('\u0000')
    ) {
      return { failedAt: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('dead-letter list options', [
    {
      path: 'cursor',
      message: 'is not a nextCursor returned by list(); pass it back unchanged',
      received: cursor,
    },
  ]);
}
