import { isNotFoundError } from '@lifeline/core';
import { getFailedOperation, logReveal, mayReveal } from '../api/get-failed-operation';
import type { FailedOperationView } from '../api/present-entry';
import type { AdminContext } from '../context';
import { html, type SafeHtml } from '../http/html';
import { htmlResponse } from '../http/responses';
import type { FieldIssue } from '../http/validation';
import { failedOperationDetail } from './failed-operation-detail';
import { failedOperationsList } from './failed-operations-list';
import { loadListModel, parsePageQuery } from './failed-operations-model';
import { layout } from './layout';
import { type FailedOperationsPageQuery, filterParams } from './page-query';

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
  const { basePath: base } = ctx.options;
  const parsed = parsePageQuery(ctx.url);
  const loaded = await loadListModel(ctx, parsed.query, id);
  const query = loaded.query;
  const issues = [...parsed.issues, ...loaded.issues];
  let status = issues.length > 0 ? 400 : 200;
  let detail: SafeHtml | undefined;
  let selected: FailedOperationView | undefined;
  if (id !== undefined) {
    const found = await loadDetail(ctx, id, query);
    if (found) {
      selected = found.entry;
      const canReveal = !found.reveal && (await mayReveal(ctx));
      detail = failedOperationDetail({
        entry: found.entry,
        closeHref: `${base}/failed-operations${filterParams(query)}`,
        ...(canReveal
          ? {
              revealHref: `${base}/failed-operations/${encodeURIComponent(id)}${filterParams(query, { reveal: '1' })}`,
            }
          : {}),
        revealed: found.reveal,
      });
    } else {
      status = 404;
      detail = html`<section class="detail" aria-labelledby="detail-heading"><h2 id="detail-heading">Not found</h2>
<p>No failed operation has the id <code>${id}</code>. It may have been removed, or the link is wrong.</p>
<a class="button small secondary" href="${base}/failed-operations${filterParams(query)}">Close</a></section>`;
    }
  }
  const list = failedOperationsList(loaded.model);
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
