import { z } from 'zod';
import type { AdminContext } from '../context';
import { readJsonBody } from '../http/read-json-body';
import { errorResponse, jsonResponse } from '../http/responses';
import { parseInput } from '../http/validation';
import { formatTime } from '../pages/format';
import { incidentsTable } from '../pages/incidents-page';
import { incidentBodySchema, muteBodySchema } from './body-schemas';
import { type IncidentStatus, incidentsPort } from './incidents-port';
import { fingerprintSchema } from './query-schemas';

/** `?status=open|acknowledged|resolved`; none: open and acknowledged. */
export const incidentQuerySchema = z.strictObject({
  status: z
    .enum(['open', 'acknowledged', 'resolved'], { error: 'must be open, acknowledged or resolved' })
    .optional(),
});

/** The statuses a query asks for (default: the ones that need attention). */
export function incidentStatuses(status: IncidentStatus | undefined): IncidentStatus[] {
  return status ? [status] : ['open', 'acknowledged'];
}

/** `GET {base}/api/incidents?status=`: incidents, most entries first. */
export async function listIncidentsRoute(ctx: AdminContext): Promise<Response> {
  const incidents = incidentsPort(ctx.options.lifeline);
  const query = parseInput(incidentQuerySchema, 'query', Object.fromEntries(ctx.url.searchParams));
  if (!query.ok) return query.response;
  return jsonResponse({ incidents: await incidents.list(incidentStatuses(query.value.status)) });
}

/** `GET {base}/api/views/incidents?status=`: the incidents page's live region. */
export async function incidentsViewRoute(ctx: AdminContext): Promise<Response> {
  const incidents = incidentsPort(ctx.options.lifeline);
  const query = parseInput(incidentQuerySchema, 'query', Object.fromEntries(ctx.url.searchParams));
  if (!query.ok) return query.response;
  const list = await incidents.list(incidentStatuses(query.value.status));
  const now = ctx.options.lifeline.clock.now();
  return jsonResponse({ fragments: { incidents: incidentsTable(list, ctx.options.basePath, now).value } });
}

const ACTIONS = { acknowledge: 'acknowledged', resolve: 'resolved', reopen: 'open' } as const;

/**
 * `POST {base}/api/incidents/:fingerprint/(acknowledge|resolve|reopen)` with `{ note? }`, or
 * `POST …/mute` with `{ forMs }`: changes the incident as the acting admin.
 */
export async function incidentActionRoute(
  ctx: AdminContext,
  fingerprint: string,
  action: string,
): Promise<Response> {
  const incidents = incidentsPort(ctx.options.lifeline);
  const id = parseInput(fingerprintSchema, 'fingerprint', fingerprint);
  if (!id.ok) return id.response;
  if (action === 'mute') {
    const body = await readJsonBody(ctx.request, muteBodySchema, 'mute request');
    if (!body.ok) return body.response;
    const until = ctx.options.lifeline.clock.now() + body.value.forMs;
    const state = await incidents.mute(fingerprint, until, ctx.admin);
    return jsonResponse({
      state,
      message: `Muted until ${formatTime(until)}: its failure alerts are held back.`,
    });
  }
  const status = ACTIONS[action as keyof typeof ACTIONS];
  if (!status) return errorResponse(404, 'No such incident action (acknowledge, resolve, reopen, mute)');
  const body = await readJsonBody(ctx.request, incidentBodySchema, 'incident request');
  if (!body.ok) return body.response;
  const state = await incidents.setStatus(fingerprint, status, ctx.admin, body.value.note);
  return jsonResponse({ state, message: `Incident ${status === 'open' ? 'reopened' : status}.` });
}
