import { NotFoundError } from '@lifeline/core';
import type { AdminContext } from '../context';
import { readJsonBody } from '../http/read-json-body';
import { jsonResponse } from '../http/responses';
import { jobFragments } from '../pages/bulk-job-page';
import { bulkJobBodySchema } from './body-schemas';
import { bulkJobsPort } from './bulk-jobs-port';
import type { TriageFilter } from './triage-port';

/** The bulk-job body's filter as the store takes it (open entries unless it names a status). */
export function storeFilterOf(filter: {
  q?: string;
  error?: string;
  kind?: TriageFilter['kind'];
  name?: string;
  status?: TriageFilter['status'];
  from?: number;
  to?: number;
}): TriageFilter {
  const out: TriageFilter = { status: filter.status ?? 'open' };
  if (filter.q) out.search = filter.q;
  if (filter.error) out.errorFingerprint = filter.error;
  if (filter.kind) out.kind = filter.kind;
  if (filter.name) out.name = filter.name;
  if (filter.from !== undefined) out.from = filter.from;
  if (filter.to !== undefined) out.to = filter.to;
  return out;
}

/**
 * `POST {base}/api/bulk-jobs` with `{ action, ids | filter, note?, canary?, stopAfterFailures? }`: starts a
 * persistent background job as the acting admin and answers 202 with it at once; the job runs however many
 * entries match (no request-size cap), paced by each operation's throttle, canary first, stopping after
 * `stopAfterFailures` new failures; its page shows progress and an audit trail.
 */
export async function startBulkJobRoute(ctx: AdminContext): Promise<Response> {
  const jobs = bulkJobsPort(ctx.options.lifeline);
  const body = await readJsonBody(ctx.request, bulkJobBodySchema, 'bulk job');
  if (!body.ok) return body.response;
  const { action, ids, filter, note, canary, stopAfterFailures } = body.value;
  const job = await jobs.start({
    action,
    by: ctx.admin,
    ...(ids ? { ids: [...new Set(ids)] } : {}),
    ...(filter ? { filter: storeFilterOf(filter) } : {}),
    ...(note === undefined ? {} : { note }),
    ...(canary === undefined ? {} : { canary }),
    ...(stopAfterFailures === undefined ? {} : { stopAfterFailures }),
  });
  return jsonResponse({ job, url: `${ctx.options.basePath}/bulk-jobs/${encodeURIComponent(job.id)}` }, 202);
}

/** `GET {base}/api/bulk-jobs`: the latest jobs, newest first. */
export async function listBulkJobsRoute(ctx: AdminContext): Promise<Response> {
  const jobs = bulkJobsPort(ctx.options.lifeline);
  return jsonResponse({ jobs: await jobs.list(50) });
}

/** `GET {base}/api/bulk-jobs/:id[?fragments=1]`: the job (and, for its page, the refreshed fragments). */
export async function getBulkJobRoute(ctx: AdminContext, id: string): Promise<Response> {
  const jobs = bulkJobsPort(ctx.options.lifeline);
  const job = await jobs.get(id);
  if (!job) throw new NotFoundError('Bulk job', id);
  const fragments = ctx.url.searchParams.get('fragments') === '1';
  return jsonResponse({
    job,
    ...(fragments ? { fragments: jobFragments(job, ctx.options.basePath) } : {}),
  });
}

/** `POST {base}/api/bulk-jobs/:id/abort`: no new entries are started; the abort is in the audit trail. */
export async function abortBulkJobRoute(ctx: AdminContext, id: string): Promise<Response> {
  const jobs = bulkJobsPort(ctx.options.lifeline);
  return jsonResponse({ job: await jobs.abort(id, ctx.admin) });
}
