import type { BulkItemResult, DeadLetterFilter } from '@lifeline/core';
import type { AdminContext } from '../context';
import { readJsonBody } from '../http/read-json-body';
import { jsonResponse } from '../http/responses';
import { validationResponse } from '../http/validation';
import { bulkBodySchema } from './body-schemas';
import { redriveEach } from './redrive-each';

/** Counts results by status: `{ planned: 3 }`, `{ queued: 2, conflict: 1 }`. */
export function summarize(results: readonly BulkItemResult[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const result of results) summary[result.status] = (summary[result.status] ?? 0) + 1;
  return summary;
}

/**
 * `POST {base}/api/failed-operations/bulk` with `{ action: 'retry' | 'resolve', ids | filter, dryRun?, note?, concurrency? }`.
 * A filter selects open entries unless it names a status. `dryRun` only lists what would be acted on and
 * changes nothing. Runs at most `concurrency` (default 5) at once and returns one result per entry:
 * `planned | queued | resolved | failed | conflict | not_found`. Retrying listed `ids` waits up to
 * `retryWaitMs` for each re-run, so `resolved` means the re-run succeeded and `queued` only that it had
 * not finished yet. Refuses (400) a filter matching more than
 * `maxBulkItems` entries, so one click cannot launch an unbounded job inside a request.
 */
export async function bulkFailedOperationsRoute(ctx: AdminContext): Promise<Response> {
  const { lifeline, maxBulkItems } = ctx.options;
  const body = await readJsonBody(ctx.request, bulkBodySchema(maxBulkItems), 'bulk request');
  if (!body.ok) return body.response;
  const { action, ids, filter, dryRun, note, concurrency } = body.value;
  let storeFilter: DeadLetterFilter | undefined;
  if (filter) {
    storeFilter = { status: filter.status ?? 'open' };
    if (filter.kind) storeFilter.kind = filter.kind;
    if (filter.name) storeFilter.name = filter.name;
    if (filter.from !== undefined) storeFilter.from = filter.from;
    if (filter.to !== undefined) storeFilter.to = filter.to;
    const matching = await lifeline.deadLetters.count(storeFilter);
    if (matching > maxBulkItems) {
      return validationResponse('bulk request', [
        {
          field: 'filter',
          message: `matches ${matching} entries; at most ${maxBulkItems} per request: narrow the filter`,
          received: filter,
        },
      ]);
    }
  }
  if (action === 'retry' && ids && !dryRun) {
    const results = await redriveEach(lifeline, [...new Set(ids)], {
      by: ctx.admin,
      ...(note === undefined ? {} : { note }),
      concurrency: concurrency ?? 5,
      waitMs: ctx.options.retryWaitMs,
    });
    return jsonResponse({ action, dryRun, total: results.length, summary: summarize(results), results });
  }
  const results = await lifeline.bulk({
    action,
    ...(ids ? { ids: [...new Set(ids)] } : { filter: storeFilter }),
    dryRun,
    ...(concurrency === undefined ? {} : { concurrency }),
    by: ctx.admin,
    ...(note === undefined ? {} : { note }),
  });
  return jsonResponse({ action, dryRun, total: results.length, summary: summarize(results), results });
}
