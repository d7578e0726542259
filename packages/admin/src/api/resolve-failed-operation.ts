import type { AdminContext } from '../context';
import { readJsonBody } from '../http/read-json-body';
import { jsonResponse } from '../http/responses';
import { resolveBodySchema } from './body-schemas';
import { presentEntry } from './present-entry';

/**
 * `POST {base}/api/failed-operations/:id/resolve` with `{ note }`: closes the entry without running it,
 * recording the acting admin and the note. 409 if it is already resolved, 404 for an unknown id.
 */
export async function resolveFailedOperationRoute(ctx: AdminContext, id: string): Promise<Response> {
  const body = await readJsonBody(ctx.request, resolveBodySchema, 'resolve request');
  if (!body.ok) return body.response;
  const { lifeline } = ctx.options;
  const entry = await lifeline.resolve(id, { by: ctx.admin, note: body.value.note });
  return jsonResponse({
    entry: presentEntry(entry, {
      detail: true,
      reveal: false,
      registered: lifeline.operations.has(entry.name),
    }),
  });
}
