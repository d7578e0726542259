import type { AdminContext } from '../context';
import { readJsonBody } from '../http/read-json-body';
import { jsonResponse } from '../http/responses';
import { retryBodySchema } from './body-schemas';
import { presentEntry } from './present-entry';

/**
 * `POST {base}/api/failed-operations/:id/retry` with `{ note? }`: redrives the entry under its own
 * idempotency key, as the acting admin. Waits up to `retryWaitMs` for the re-run when it runs in this
 * process, so the answer says `resolved` or `failed`; otherwise `queued`. 409 when another retry or a
 * resolve won the race (compare-and-set in the store), 404 for an unknown id.
 */
export async function retryFailedOperationRoute(ctx: AdminContext, id: string): Promise<Response> {
  const body = await readJsonBody(ctx.request, retryBodySchema, 'retry request');
  if (!body.ok) return body.response;
  const { lifeline, retryWaitMs } = ctx.options;
  const result = await lifeline.redrive(id, {
    by: ctx.admin,
    ...(body.value.note === undefined ? {} : { note: body.value.note }),
    wait: retryWaitMs > 0,
    waitTimeoutMs: retryWaitMs,
  });
  const entry = await lifeline.deadLetters.get(id);
  return jsonResponse({
    result,
    ...(entry
      ? {
          entry: presentEntry(entry, {
            detail: true,
            reveal: false,
            registered: lifeline.operations.has(entry.name),
          }),
        }
      : {}),
  });
}
