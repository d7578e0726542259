import { incidentsPort } from '../api/incidents-port';
import { incidentQuerySchema, incidentStatuses } from '../api/incidents-routes';
import type { AdminContext } from '../context';
import { htmlResponse } from '../http/responses';
import { incidentsBody } from './incidents-page';
import { layout } from './layout';

/** `GET {base}/incidents?status=`: dead letters grouped by error, with their triage status. */
export async function incidentsPageRoute(ctx: AdminContext): Promise<Response> {
  const { lifeline, basePath } = ctx.options;
  const incidents = incidentsPort(lifeline);
  const parsed = incidentQuerySchema.safeParse(Object.fromEntries(ctx.url.searchParams));
  const status = parsed.success ? parsed.data.status : undefined;
  const body = incidentsBody({
    incidents: await incidents.list(incidentStatuses(status)),
    basePath,
    now: lifeline.clock.now(),
    refreshMs: ctx.options.refreshMs,
    ...(status ? { status } : {}),
  });
  return htmlResponse(
    layout({ title: 'Incidents', basePath, section: 'incidents', admin: ctx.admin, body }),
    parsed.success ? 200 : 400,
  );
}
