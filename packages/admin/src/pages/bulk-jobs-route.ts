import { bulkJobsPort } from '../api/bulk-jobs-port';
import type { AdminContext } from '../context';
import { html } from '../http/html';
import { htmlResponse } from '../http/responses';
import { bulkJobBody, bulkJobsListBody } from './bulk-job-page';
import { layout } from './layout';

const page = (ctx: AdminContext, title: string, body: ReturnType<typeof html>, status = 200) =>
  htmlResponse(
    layout({ title, basePath: ctx.options.basePath, section: 'bulk-jobs', admin: ctx.admin, body }),
    status,
  );

/** `GET {base}/bulk-jobs[/:id]`: recent jobs, or one job with live progress, abort and its audit trail. */
export async function bulkJobsPageRoute(ctx: AdminContext, id?: string): Promise<Response> {
  const jobs = bulkJobsPort(ctx.options.lifeline);
  const base = ctx.options.basePath;
  if (id === undefined) return page(ctx, 'Bulk jobs', bulkJobsListBody(await jobs.list(50), base));
  const job = await jobs.get(id);
  if (!job) {
    return page(
      ctx,
      'Not found',
      html`<h1>Not found</h1><p>No bulk job has the id <code>${id}</code>.</p><p><a href="${base}/bulk-jobs">All bulk jobs</a></p>`,
      404,
    );
  }
  return page(ctx, `Bulk ${job.action} · Bulk jobs`, bulkJobBody(job, base));
}
