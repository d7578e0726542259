import type { DeadLetterListOptions, Lifeline } from '@lifeline/core';
import type { AdminContext } from '../context';
import { jsonResponse } from '../http/responses';
import { parseInput, queryObject } from '../http/validation';
import { type FailedOperationView, presentEntry } from './present-entry';
import { type ListQuery, listQuerySchema } from './query-schemas';
import type { TriageFilter } from './triage-port';

/** One page of failed operations, masked. */
export interface FailedOperationsPage {
  /** Entries, newest first, secrets masked. */
  items: FailedOperationView[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

/** Default page size. */
export const DEFAULT_PAGE_SIZE = 50;

/** Lists dead letters newest first with keyset pagination, each entry masked. Store errors propagate. */
export async function listFailedOperations(
  lifeline: Lifeline,
  query: ListQuery,
): Promise<FailedOperationsPage> {
  const options: DeadLetterListOptions & TriageFilter = { limit: query.limit ?? DEFAULT_PAGE_SIZE };
  if (query.q) options.search = query.q;
  if (query.error) options.errorFingerprint = query.error;
  if (query.kind) options.kind = query.kind;
  if (query.name) options.name = query.name;
  if (query.status) options.status = query.status.length === 1 ? query.status[0] : query.status;
  if (query.from !== undefined) options.from = query.from;
  if (query.to !== undefined) options.to = query.to;
  if (query.cursor) options.cursor = query.cursor;
  const page = await lifeline.deadLetters.list(options);
  return {
    items: page.items.map((entry) =>
      presentEntry(entry, { detail: false, reveal: false, registered: lifeline.operations.has(entry.name) }),
    ),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/**
 * `GET {base}/api/failed-operations?q=&error=&kind=&name=&status=&from=&to=&cursor=&limit=`: `q` searches the id,
 * the idempotency key and payload values (a purchase id, an email), case-insensitive; `error` is an error
 * fingerprint from the groups.
 */
export async function listFailedOperationsRoute(ctx: AdminContext): Promise<Response> {
  const parsed = parseInput(listQuerySchema, 'query', queryObject(ctx.url, ['status']));
  if (!parsed.ok) return parsed.response;
  return jsonResponse(await listFailedOperations(ctx.options.lifeline, parsed.value));
}
