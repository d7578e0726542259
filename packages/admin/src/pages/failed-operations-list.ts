import { OPERATION_KINDS } from '@lifeline/core';
import type { FailedOperationsPage } from '../api/list-failed-operations';
import type { FailedOperationView } from '../api/present-entry';
import { html, type SafeHtml } from '../http/html';
import { breakable, formatTime, isoTime, timeSince, truncate } from './format';
import { badge } from './layout';
import { type FailedOperationsPageQuery, filterParams } from './page-query';

/** What the filter form and table need. */
export interface ListViewModel {
  basePath: string;
  query: FailedOperationsPageQuery;
  page: FailedOperationsPage;
  operationNames: readonly string[];
  now: number;
  /** The entry open in the detail panel, highlighted in the table. */
  selectedId?: string;
}

function filters(model: ListViewModel): SafeHtml {
  const { query, basePath: base } = model;
  const option = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}"${current === value || (!current && value === '') ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="${base}/failed-operations" aria-label="Filter failed operations">
  <div class="field"><label for="f-kind">Kind</label>
    <select id="f-kind" name="kind">${option('', 'All kinds', query.kind)}${OPERATION_KINDS.map((kind) => option(kind, kind, query.kind))}</select></div>
  <div class="field"><label for="f-name">Operation</label>
    <input id="f-name" name="name" list="f-names" value="${query.name ?? ''}" placeholder="Any operation" autocomplete="off">
    <datalist id="f-names">${model.operationNames.map((name) => html`<option value="${name}"></option>`)}</datalist></div>
  <div class="field"><label for="f-status">Status</label>
    <select id="f-status" name="status">${option('', 'Any status', query.status)}${['open', 'retrying', 'resolved'].map((s) => option(s, s, query.status))}</select></div>
  <div class="field check"><input type="checkbox" id="f-resolved" name="showResolved" value="1"${query.showResolved ? html` checked` : ''}>
    <label for="f-resolved">Show resolved</label></div>
  <div class="field buttons"><button type="submit">Apply filters</button> <a class="button secondary" href="${base}/failed-operations">Reset</a></div>
</form>`;
}

function row(entry: FailedOperationView, model: ListViewModel): SafeHtml {
  const href = `${model.basePath}/failed-operations/${encodeURIComponent(entry.id)}${filterParams(model.query)}`;
  const error = entry.summary;
  const current = entry.id === model.selectedId;
  return html`<tr${current ? html` class="current" aria-current="true"` : ''} data-id="${entry.id}">
  <td data-label="Select"><input type="checkbox" name="ids" value="${entry.id}" form="bulk" aria-label="Select ${entry.name} (${entry.id})"${entry.status === 'resolved' ? html` disabled` : ''}></td>
  <td data-label="Failed"><time datetime="${isoTime(entry.failedAt)}" title="${formatTime(entry.failedAt)}">${timeSince(entry.failedAt, model.now)}</time></td>
  <td data-label="Operation"><a href="${href}">${breakable(entry.name)}</a></td>
  <td data-label="Kind" class="col-optional">${entry.kind}</td>
  <td data-label="Status">${badge(entry.status)}</td>
  <td data-label="Attempts">${entry.attempts}${entry.retryCount > 0 && html` <span class="muted">(${entry.retryCount} ${entry.retryCount === 1 ? 'retry' : 'retries'})</span>`}</td>
  <td data-label="Error" class="error-cell col-optional" title="${truncate(error, 500)}">${truncate(error, 90)}</td>
  <td class="row-action"><a class="button small" href="${href}">Details<span class="visually-hidden"> of ${entry.name} ${entry.id}</span></a></td>
</tr>`;
}

function bulkBar(): SafeHtml {
  return html`<form id="bulk" class="bulk" data-bulk aria-label="Bulk actions">
  <fieldset><legend>Bulk action on selected entries <span class="muted" data-selected-count>(none selected)</span></legend>
    <div class="field"><label for="bulk-note">Note (required to resolve)</label><input id="bulk-note" name="note" maxlength="2000"></div>
    <div class="field check"><input type="checkbox" id="bulk-dry" name="dryRun" value="1"><label for="bulk-dry">Preview only (dry run)</label></div>
    <div class="field buttons"><button type="button" data-bulk-action="retry">Retry selected</button>
    <button type="button" class="secondary" data-bulk-action="resolve">Resolve selected</button></div>
  </fieldset>
  <div class="flash" id="bulk-message" role="status" aria-live="polite" hidden></div>
</form>`;
}

/** The filter form, the bulk bar, the table of entries and the pager. */
export function failedOperationsList(model: ListViewModel): SafeHtml {
  const { page, query, basePath: base } = model;
  const table =
    page.items.length === 0
      ? html`<p class="empty">No failed operations match these filters.</p>`
      : html`<div class="table-wrap"><table class="entries">
  <caption class="visually-hidden">Failed operations, newest first</caption>
  <thead><tr><th scope="col"><input type="checkbox" id="select-all" aria-label="Select all entries shown"></th><th scope="col">Failed</th>
  <th scope="col">Operation</th><th scope="col" class="col-optional">Kind</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col" class="col-optional">Last error</th>
  <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
  <tbody>${page.items.map((entry) => row(entry, model))}</tbody>
</table></div>`;
  const newer = query.cursor
    ? html`<a href="${base}/failed-operations${filterParams({ ...query, cursor: undefined })}">Newest</a>`
    : '';
  const older = page.nextCursor
    ? html`<a href="${base}/failed-operations${filterParams({ ...query, cursor: page.nextCursor })}">Older entries</a>`
    : '';
  return html`${filters(model)}
<section class="list" aria-labelledby="list-heading">
  <h2 id="list-heading">Entries <span class="muted">(${page.items.length} shown${page.nextCursor ? ', more below' : ''})</span></h2>
  ${page.items.length > 0 && bulkBar()}
  ${table}
  ${(newer || older) && html`<nav class="pager" aria-label="Pages">${newer} ${older}</nav>`}
</section>`;
}
