import { isNotFoundError, isValidationError } from '@lifeline/core';
import { getFailedOperation, logReveal, mayReveal } from '../api/get-failed-operation';
import { type FailedOperationsPage, listFailedOperations } from '../api/list-failed-operations';
import type { FailedOperationView } from '../api/present-entry';
import type { AdminContext } from '../context';
import { html, type SafeHtml } from '../http/html';
import { htmlResponse } from '../http/responses';
import { type FieldIssue, fieldIssues, queryObject } from '../http/validation';
import { failedOperationDetail } from './failed-operation-detail';
import { failedOperationsList } from './failed-operations-list';
import { layout } from './layout';
import {
  type FailedOperationsPageQuery,
  failedOperationsPageQuerySchema,
  filterParams,
  withoutEmpty,
} from './page-query';

function problems(issues: readonly FieldIssue[]): SafeHtml {
  return html`<div class="flash error" role="alert"><p>Some filters were not valid and were ignored:</p>
<ul>${issues.map((issue) => html`<li><strong>${issue.field}</strong>: ${issue.message}</li>`)}</ul></div>`;
}

async function loadDetail(ctx: AdminContext, id: string, query: FailedOperationsPageQuery) {
  const reveal = query.reveal === '1' && (await mayReveal(ctx));
  try {
    const entry = await getFailedOperation(ctx.options.lifeline, id, reveal);
    if (reveal) logReveal(ctx, id);
    return { entry, reveal };
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
}

/**
 * `GET {base}/failed-operations[/:id]`: filters, the table of entries and, with an id, the detail panel.
 * Bad filters are reported on the page (400) and ignored; an unknown id gives 404 with the list.
 */
export async function failedOperationsPageRoute(ctx: AdminContext, id?: string): Promise<Response> {
  const { lifeline, basePath: base } = ctx.options;
  const raw = withoutEmpty(queryObject(ctx.url));
  const parsed = failedOperationsPageQuerySchema.safeParse(raw);
  let status = 200;
  let issues: FieldIssue[] = [];
  let query: FailedOperationsPageQuery = {};
  if (parsed.success) query = parsed.data;
  else {
    status = 400;
    issues = fieldIssues(parsed.error, raw);
  }
  const statuses = query.status
    ? [query.status]
    : query.showResolved
      ? undefined
      : (['open', 'retrying'] as const);
  const listQuery = {
    kind: query.kind,
    name: query.name,
    status: statuses ? [...statuses] : undefined,
    cursor: query.cursor,
  };
  let page: FailedOperationsPage;
  try {
    page = await listFailedOperations(lifeline, listQuery);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    status = 400;
    issues = [...issues, ...error.issues.map((issue) => ({ field: issue.path, message: issue.message }))];
    query = { ...query, cursor: undefined };
    page = await listFailedOperations(lifeline, { ...listQuery, cursor: undefined });
  }
  let detail: SafeHtml | undefined;
  let selected: FailedOperationView | undefined;
  if (id !== undefined) {
    const loaded = await loadDetail(ctx, id, query);
    if (loaded) {
      selected = loaded.entry;
      const canReveal = !loaded.reveal && (await mayReveal(ctx));
      detail = failedOperationDetail({
        entry: loaded.entry,
        closeHref: `${base}/failed-operations${filterParams(query)}`,
        ...(canReveal
          ? {
              revealHref: `${base}/failed-operations/${encodeURIComponent(id)}${filterParams(query, { reveal: '1' })}`,
            }
          : {}),
        revealed: loaded.reveal,
      });
    } else {
      status = 404;
      detail = html`<section class="detail" aria-labelledby="detail-heading"><h2 id="detail-heading">Not found</h2>
<p>No failed operation has the id <code>${id}</code>. It may have been removed, or the link is wrong.</p>
<a class="button small secondary" href="${base}/failed-operations${filterParams(query)}">Close</a></section>`;
    }
  }
  const list = failedOperationsList({
    basePath: base,
    query,
    page,
    operationNames: [...lifeline.operations.keys()].sort(),
    now: lifeline.clock.now(),
    ...(selected ? { selectedId: selected.id } : {}),
  });
  const body = html`<h1>Failed operations</h1>
<p class="lede">Work that ran out of retries. <strong>Retry</strong> runs it again under the same idempotency key, so nothing happens twice; <strong>Resolve</strong> closes it with a note.</p>
${issues.length > 0 && problems(issues)}
<div class="workspace${detail ? ' has-detail' : ''}">${detail}<div class="list-column">${list}</div></div>`;
  const title = selected ? `${selected.name} · Failed operations` : 'Failed operations';
  return htmlResponse(
    layout({ title, basePath: base, section: 'failed-operations', admin: ctx.admin, body }),
    status,
  );
}
