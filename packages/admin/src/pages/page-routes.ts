import { idSchema } from '../api/query-schemas';
import type { AdminContext } from '../context';
import { html } from '../http/html';
import { htmlResponse, redirectResponse } from '../http/responses';
import { bulkJobsPageRoute } from './bulk-jobs-route';
import { failedOperationsPageRoute } from './failed-operations-route';
import { incidentsPageRoute } from './incidents-route';
import { layout } from './layout';
import { notFoundPage } from './login-page';
import { operationsHealthPageRoute } from './operations-health-route';

/**
 * Routes the dashboard pages for an authorized GET: `{base}` → redirect, `{base}/failed-operations[/:id]`,
 * `{base}/operations-health`, `{base}/incidents`, `{base}/bulk-jobs[/:id]`. Anything else: a 404 page.
 */
export async function pageRoute(ctx: AdminContext, segments: readonly string[]): Promise<Response> {
  const base = ctx.options.basePath;
  const [page, id, ...rest] = segments;
  if (page === undefined || (page === 'login' && segments.length === 1))
    return redirectResponse(`${base}/failed-operations`);
  if (page === 'operations-health' && segments.length === 1) return operationsHealthPageRoute(ctx);
  if (page === 'incidents' && segments.length === 1) return incidentsPageRoute(ctx);
  if (page === 'bulk-jobs' && rest.length === 0) {
    if (id === undefined) return bulkJobsPageRoute(ctx);
    if (idSchema.safeParse(id).success) return bulkJobsPageRoute(ctx, id);
    return notFoundPage(base);
  }
  if (page === 'failed-operations' && rest.length === 0) {
    if (id === undefined) return failedOperationsPageRoute(ctx);
    if (idSchema.safeParse(id).success) return failedOperationsPageRoute(ctx, id);
    const body = html`<h1>Not found</h1><p>“${id}” is not a failed-operation id.</p><p><a href="${base}/failed-operations">Back to failed operations</a></p>`;
    return htmlResponse(
      layout({ title: 'Not found', basePath: base, section: 'failed-operations', admin: ctx.admin, body }),
      404,
    );
  }
  return notFoundPage(base);
}
