import type { AdminContext } from '../context';
import { errorResponse } from '../http/responses';
import { parseInput } from '../http/validation';
import { bulkFailedOperationsRoute } from './bulk-failed-operations';
import { getFailedOperationRoute } from './get-failed-operation';
import { listFailedOperationsRoute } from './list-failed-operations';
import { operationsHealthRoute } from './operations-health';
import { idSchema } from './query-schemas';
import { resolveFailedOperationRoute } from './resolve-failed-operation';
import { retryFailedOperationRoute } from './retry-failed-operation';
import { failedOperationsViewRoute } from './views';

const methodNotAllowed = (allow: string) =>
  errorResponse(405, `Method not allowed; use ${allow}`, {}, { Allow: allow });

/**
 * Routes `{base}/api/...` (segments after `api`) for an authorized request:
 * - `GET failed-operations`, `POST failed-operations/bulk`
 * - `GET failed-operations/:id`, `POST failed-operations/:id/retry`, `POST failed-operations/:id/resolve`
 * - `GET operations-health`
 * Unknown paths: 404; known paths with another method: 405 with `Allow`.
 */
export async function apiRoute(ctx: AdminContext, segments: readonly string[]): Promise<Response> {
  const method = ctx.request.method;
  const [resource, id, action, ...rest] = segments;
  if (resource === 'operations-health' && segments.length === 1) {
    return method === 'GET' ? operationsHealthRoute(ctx) : methodNotAllowed('GET');
  }
  if (resource === 'views' && segments.length === 2 && id === 'failed-operations') {
    return method === 'GET' ? failedOperationsViewRoute(ctx) : methodNotAllowed('GET');
  }
  if (resource !== 'failed-operations' || rest.length > 0)
    return errorResponse(404, 'No such admin API route');
  if (id === undefined) return method === 'GET' ? listFailedOperationsRoute(ctx) : methodNotAllowed('GET');
  if (id === 'bulk' && action === undefined)
    return method === 'POST' ? bulkFailedOperationsRoute(ctx) : methodNotAllowed('POST');
  const parsedId = parseInput(idSchema, 'id', id);
  if (!parsedId.ok) {
    return errorResponse(400, `Invalid id: ${parsedId.issues[0]?.message}`, {
      issues: parsedId.issues.map((issue) => ({ ...issue, field: 'id' })),
    });
  }
  if (action === undefined)
    return method === 'GET' ? getFailedOperationRoute(ctx, id) : methodNotAllowed('GET');
  if (action === 'retry')
    return method === 'POST' ? retryFailedOperationRoute(ctx, id) : methodNotAllowed('POST');
  if (action === 'resolve')
    return method === 'POST' ? resolveFailedOperationRoute(ctx, id) : methodNotAllowed('POST');
  return errorResponse(404, 'No such admin API route');
}
