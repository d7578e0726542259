const MAX_SEARCH_TEXT = 8_000;

/** Appends the scalar values of `value` at any depth (strings, numbers, booleans), depth-first. */
function collect(value: unknown, out: string[], depth: number): void {
  if (depth > 20 || value === null || value === undefined) return;
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) collect(item, out, depth + 1);
  else if (typeof value === 'object') for (const item of Object.values(value)) collect(item, out, depth + 1);
}

/**
 * The text a dead-letter `search` is matched against: the id, the idempotency key and every scalar value of
 * the payload, one per line, lower-cased (JavaScript's `toLowerCase`), at most 8,000 characters. Stores keep
 * it beside the entry (Postgres indexes it with trigrams) so every backend matches alike.
 */
export function deadLetterSearchText(entry: {
  id: string;
  idempotencyKey: string;
  payload: unknown;
}): string {
  const parts = [entry.id, entry.idempotencyKey];
  collect(entry.payload, parts, 0);
  return parts.join('\n').toLowerCase().slice(0, MAX_SEARCH_TEXT);
}

/** The normalised form of a `search` filter: lower-cased the same way as {@link deadLetterSearchText}. */
export function normalizeSearch(search: string): string {
  return search.toLowerCase();
}
