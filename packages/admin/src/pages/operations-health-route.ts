import { DEFAULT_WINDOW_MS, loadOperationsHealth } from '../api/operations-health';
import type { AdminContext } from '../context';
import { html } from '../http/html';
import { htmlResponse } from '../http/responses';
import { fieldIssues, queryObject } from '../http/validation';
import { layout } from './layout';
import { operationsHealthBody } from './operations-health-page';
import { healthPageQuerySchema, withoutEmpty } from './page-query';

/** `GET {base}/operations-health?window=24h`: a bad window is reported (400) and the default is shown. */
export async function operationsHealthPageRoute(ctx: AdminContext): Promise<Response> {
  const { lifeline, basePath, histogramBucketMs } = ctx.options;
  const raw = withoutEmpty(queryObject(ctx.url));
  const parsed = healthPageQuerySchema.safeParse(raw);
  const windowMs = (parsed.success && parsed.data.window) || DEFAULT_WINDOW_MS;
  const window = parsed.success && typeof raw.window === 'string' ? raw.window : '24h';
  const health = await loadOperationsHealth(lifeline, windowMs, histogramBucketMs);
  const problem =
    !parsed.success &&
    html`<div class="flash error" role="alert">${fieldIssues(parsed.error, raw).map((issue) => html`<p><strong>${issue.field}</strong>: ${issue.message}. Showing the last 24 hours.</p>`)}</div>`;
  const body = html`${problem}${operationsHealthBody({ health, basePath, window })}`;
  return htmlResponse(
    layout({ title: 'Operations health', basePath, section: 'operations-health', admin: ctx.admin, body }),
    parsed.success ? 200 : 400,
  );
}
