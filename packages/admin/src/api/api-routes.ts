import type { AdminContext } from '../context';
import { errorResponse } from '../http/responses';
import { parseInput } from '../http/validation';
import { bulkFailedOperationsRoute } from './bulk-failed-operations';
import { abortBulkJobRoute, getBulkJobRoute, listBulkJobsRoute, startBulkJobRoute } from './bulk-jobs-routes';
import { getFailedOperationRoute } from './get-failed-operation';
import { incidentActionRoute, incidentsViewRoute, listIncidentsRoute } from './incidents-routes';
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
 * - `GET|POST bulk-jobs`, `GET bulk-jobs/:id`, `POST bulk-jobs/:id/abort`
 * - `GET incidents`, `POST incidents/:fingerprint/(acknowledge|resolve|reopen|mute)`
 * - `GET views/failed-operations`, `GET views/incidents`: live regions of the pages, as HTML fragments
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
  if (resource === 'views' && segments.length === 2 && id === 'incidents') {
    return method === 'GET' ? incidentsViewRoute(ctx) : methodNotAllowed('GET');
  }
  if (resource === 'bulk-jobs' && rest.length === 0) {
    if (id === undefined) {
      if (method === 'POST') return startBulkJobRoute(ctx);
      return method === 'GET' ? listBulkJobsRoute(ctx) : methodNotAllowed('GET, POST');
    }
    const parsedJobId = parseInput(idSchema, 'id', id);
    if (!parsedJobId.ok) return parsedJobId.response;
    if (action === undefined) return method === 'GET' ? getBulkJobRoute(ctx, id) : methodNotAllowed('GET');
    if (action === 'abort') return method === 'POST' ? abortBulkJobRoute(ctx, id) : methodNotAllowed('POST');
    return errorResponse(404, 'No such admin API route');
  }
  if (resource === 'incidents' && rest.length === 0) {
    if (id === undefined) return method === 'GET' ? listIncidentsRoute(ctx) : methodNotAllowed('GET');
    if (action === undefined) return errorResponse(404, 'No such admin API route');
    return method === 'POST' ? incidentActionRoute(ctx, id, action) : methodNotAllowed('POST');
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
