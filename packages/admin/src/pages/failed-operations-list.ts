import { OPERATION_KINDS } from '@lifeline/core';
import type { FailedOperationsPage } from '../api/list-failed-operations';
import type { FailedOperationView } from '../api/present-entry';
import type { ErrorGroupView, StatusTotals } from '../api/triage-port';
import { html, type SafeHtml } from '../http/html';
import { breakable, formatTime, isoTime, timeSince, truncate } from './format';
import { badge } from './layout';
import { type FailedOperationsPageQuery, filterParams, type RANGES } from './page-query';

/** What the filter form, the totals, the groups and the table need. */
export interface ListViewModel {
  basePath: string;
  query: FailedOperationsPageQuery;
  page: FailedOperationsPage;
  operationNames: readonly string[];
  now: number;
  /** The entry open in the detail panel, highlighted in the table. */
  selectedId?: string;
  /** Entries per status for the filter, whatever status it asks for. */
  totals: StatusTotals;
  /** The filter's entries grouped by error, most first. */
  groups: readonly ErrorGroupView[];
  /** The filter as a bulk job takes it (open entries). */
  bulkFilter: Record<string, unknown>;
  /** Where the live regions are refreshed from. */
  liveSrc: string;
  /** How often, in ms (0: never). */
  refreshMs: number;
}

const RANGE_LABELS: Record<keyof typeof RANGES, string> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

/** `2026-01-01T12:00` for a `datetime-local` input (UTC, like the rest of the pages). */
const localInput = (ms: number | undefined) =>
  ms === undefined ? '' : new Date(ms).toISOString().slice(0, 16);

function filters(model: ListViewModel): SafeHtml {
  const { query, basePath: base } = model;
  const option = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}"${current === value || (!current && value === '') ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="${base}/failed-operations" aria-label="Filter failed operations" data-filters>
  <div class="field grow"><label for="f-q">Search</label>
    <input id="f-q" name="q" type="search" value="${query.q ?? ''}" placeholder="Id, idempotency key, purchase id, email…" autocomplete="off" spellcheck="false"></div>
  <div class="field"><label for="f-kind">Kind</label>
    <select id="f-kind" name="kind">${option('', 'All kinds', query.kind)}${OPERATION_KINDS.map((kind) => option(kind, kind, query.kind))}</select></div>
  <div class="field"><label for="f-name">Operation</label>
    <input id="f-name" name="name" list="f-names" value="${query.name ?? ''}" placeholder="Any operation" autocomplete="off">
    <datalist id="f-names">${model.operationNames.map((name) => html`<option value="${name}"></option>`)}</datalist></div>
  <div class="field"><label for="f-status">Status</label>
    <select id="f-status" name="status">${option('', 'Open and retrying', query.status)}${['open', 'retrying', 'resolved'].map((s) => option(s, s, query.status))}</select></div>
  <div class="field"><label for="f-range">Failed</label>
    <select id="f-range" name="range">${option('', 'Any time', query.range)}${Object.entries(RANGE_LABELS).map(([value, label]) => option(value, label, query.range))}</select></div>
  <div class="field"><label for="f-from">From (UTC)</label><input id="f-from" name="from" type="datetime-local" value="${localInput(query.from)}"></div>
  <div class="field"><label for="f-to">To (UTC)</label><input id="f-to" name="to" type="datetime-local" value="${localInput(query.to)}"></div>
  ${query.error && html`<input type="hidden" name="error" value="${query.error}">`}
  <div class="field check"><input type="checkbox" id="f-resolved" name="showResolved" value="1"${query.showResolved ? html` checked` : ''}>
    <label for="f-resolved">Show resolved</label></div>
  <div class="field buttons"><button type="submit">Apply filters</button> <a class="button secondary" href="${base}/failed-operations">Reset</a></div>
</form>`;
}

/** Entries per status for the filter, each a link that narrows to that status (a live region). */
export function totalsBar(model: ListViewModel): SafeHtml {
  const { query, basePath: base, totals } = model;
  const all = totals.open + totals.retrying + totals.resolved;
  const link = (status: 'open' | 'retrying' | 'resolved') => {
    const href = `${base}/failed-operations${filterParams({ ...query, status, cursor: undefined })}`;
    return html`<a href="${href}" class="total t-${status}"${query.status === status ? html` aria-current="true"` : ''} data-total="${status}"><strong>${totals[status]}</strong> ${status}</a>`;
  };
  return html`<p class="totals" aria-label="Totals for these filters"><span data-total="all"><strong>${all}</strong> matching</span> ${link('open')} ${link('retrying')} ${link('resolved')}</p>`;
}

/** The filter's entries grouped by error with counts (a live region). */
export function errorGroups(model: ListViewModel): SafeHtml {
  const { groups, query, basePath: base } = model;
  if (groups.length === 0) return html``;
  return html`<div class="table-wrap"><table class="groups cards"><caption class="visually-hidden">Errors of the matching entries, most first</caption>
<thead><tr><th scope="col">Error</th><th scope="col">Entries</th><th scope="col">Last seen</th><th scope="col"><span class="visually-hidden">Filter</span></th></tr></thead>
<tbody>${groups.map((group) => {
    const current = query.error === group.fingerprint;
    const href = `${base}/failed-operations${filterParams({ ...query, error: current ? undefined : group.fingerprint, cursor: undefined })}`;
    return html`<tr data-fingerprint="${group.fingerprint}"${current ? html` class="current"` : ''}>
  <td data-label="Error"><span><strong>${group.errorName}</strong>: <span class="muted">${truncate(group.sampleMessage, 160)}</span></span></td>
  <td data-label="Entries" data-group-count>${group.count}</td>
  <td data-label="Last seen"><time datetime="${isoTime(group.lastFailedAt)}" title="${formatTime(group.lastFailedAt)}">${timeSince(group.lastFailedAt, model.now)}</time></td>
  <td class="row-action"><a class="button small secondary" href="${href}">${current ? 'Show all errors' : 'Only this error'}</a></td></tr>`;
  })}</tbody></table></div>`;
}

function row(entry: FailedOperationView, model: ListViewModel): SafeHtml {
  const href = `${model.basePath}/failed-operations/${encodeURIComponent(entry.id)}${filterParams(model.query)}`;
  const current = entry.id === model.selectedId;
  return html`<tr${current ? html` class="current" aria-current="true"` : ''} data-id="${entry.id}">
  <td data-label="Select"><input type="checkbox" name="ids" value="${entry.id}" form="bulk" aria-label="Select ${entry.name} (${entry.id})"${entry.status === 'resolved' ? html` disabled` : ''}></td>
  <td data-label="Failed"><time datetime="${isoTime(entry.failedAt)}" title="${formatTime(entry.failedAt)}">${timeSince(entry.failedAt, model.now)}</time></td>
  <td data-label="Operation"><span><a href="${href}">${breakable(entry.name)}</a><br><code class="muted key">${entry.idempotencyKey}</code></span></td>
  <td data-label="Kind" class="col-optional">${entry.kind}</td>
  <td data-label="Status">${badge(entry.status)}</td>
  <td data-label="Attempts">${entry.attempts}${entry.retryCount > 0 && html` <span class="muted">(${entry.retryCount} ${entry.retryCount === 1 ? 'retry' : 'retries'})</span>`}</td>
  <td data-label="Error" class="error-cell col-optional" title="${truncate(entry.summary, 500)}"><span>${entry.permanent && html`<span class="tag">permanent</span> `}${truncate(entry.summary, 90)}</span></td>
  <td class="row-action"><a class="button small" href="${href}">Details<span class="visually-hidden"> of ${entry.name} ${entry.id}</span></a></td>
</tr>`;
}

/** The table's rows (a live region); an empty filter gives one row that says so. */
export function tableRows(model: ListViewModel): SafeHtml {
  if (model.page.items.length === 0)
    return html`<tr class="empty-row"><td colspan="8" class="empty">No failed operations match these filters.</td></tr>`;
  return html`${model.page.items.map((entry) => row(entry, model))}`;
}

/** How many rows are shown (a live region). */
export function shownCount(model: ListViewModel): SafeHtml {
  return html`${model.page.items.length} shown${model.page.nextCursor ? ', more below' : ''}`;
}

/** How many open entries "all matching" acts on (a live region inside the button labels). */
export function matchingOpen(model: ListViewModel): SafeHtml {
  return html`${model.totals.open}`;
}

function bulkBar(): SafeHtml {
  return html`<form id="bulk" class="bulk" data-bulk aria-label="Bulk actions on selected entries">
  <fieldset><legend>Selected entries <span class="muted" data-selected-count>(none selected)</span></legend>
    <div class="field"><label for="bulk-note">Note (required to resolve)</label><input id="bulk-note" name="note" maxlength="2000"></div>
    <div class="field check"><input type="checkbox" id="bulk-dry" name="dryRun" value="1"><label for="bulk-dry">Preview only (dry run)</label></div>
    <div class="field buttons"><button type="button" data-bulk-action="retry">Retry selected</button>
    <button type="button" class="secondary" data-bulk-action="resolve">Resolve selected</button></div>
  </fieldset>
  <div class="flash" id="bulk-message" role="status" aria-live="polite" hidden></div>
</form>`;
}

function bulkAllBar(model: ListViewModel): SafeHtml {
  if (model.query.status === 'resolved') return html``;
  const count = html`<span data-live="matching">${matchingOpen(model)}</span>`;
  return html`<form id="bulk-all" class="bulk" data-filter="${JSON.stringify(model.bulkFilter)}" aria-label="Bulk actions on every matching entry">
  <fieldset><legend>Every open entry matching these filters, as a background job</legend>
    <div class="field"><label for="all-note">Note (required to resolve)</label><input id="all-note" name="note" maxlength="2000"></div>
    <div class="field"><label for="all-canary">Canary: check the first</label><input id="all-canary" name="canary" type="number" min="0" max="100" value="5" inputmode="numeric"></div>
    <div class="field"><label for="all-stop">Stop after failures</label><input id="all-stop" name="stopAfterFailures" type="number" min="1" max="100000" value="10" inputmode="numeric"></div>
    <div class="field buttons"><button type="button" data-bulk-all="retry"><span>Retry all ${count} matching</span></button>
    <button type="button" class="secondary" data-bulk-all="resolve"><span>Resolve all <span data-live="matching-2">${matchingOpen(model)}</span> matching</span></button></div>
  </fieldset>
  <div class="flash" id="bulk-all-message" role="status" aria-live="polite" hidden></div>
</form>`;
}

/** The fragments the page refreshes without a reload (rendered by the same functions as the page). */
export function listFragments(model: ListViewModel): Record<string, string> {
  return {
    totals: totalsBar(model).value,
    groups: errorGroups(model).value,
    rows: tableRows(model).value,
    shown: shownCount(model).value,
    matching: matchingOpen(model).value,
    'matching-2': matchingOpen(model).value,
  };
}

/** The filter form, totals, groups by error, bulk bars, the table of entries and the pager. */
export function failedOperationsList(model: ListViewModel): SafeHtml {
  const { page, query, basePath: base } = model;
  const newer = query.cursor
    ? html`<a href="${base}/failed-operations${filterParams({ ...query, cursor: undefined })}">Newest</a>`
    : '';
  const older = page.nextCursor
    ? html`<a href="${base}/failed-operations${filterParams({ ...query, cursor: page.nextCursor })}">Older entries</a>`
    : '';
  return html`${filters(model)}
<div${model.refreshMs > 0 && html` data-live-src="${model.liveSrc}" data-live-ms="${model.refreshMs}"`}>
<div data-live="totals">${totalsBar(model)}</div>
<section class="list groups-section" aria-labelledby="groups-heading">
  <h2 id="groups-heading">By error</h2>
  <div data-live="groups">${errorGroups(model)}</div>
</section>
<section class="list" aria-labelledby="list-heading">
  <h2 id="list-heading">Entries <span class="muted">(<span data-live="shown">${shownCount(model)}</span>)</span> <span class="muted small" data-live-stamp></span></h2>
  ${bulkBar()}
  ${bulkAllBar(model)}
  <div class="table-wrap"><table class="entries cards">
  <caption class="visually-hidden">Failed operations, newest first</caption>
  <thead><tr><th scope="col"><input type="checkbox" id="select-all" aria-label="Select all entries shown"></th><th scope="col">Failed</th>
  <th scope="col">Operation</th><th scope="col" class="col-optional">Kind</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col" class="col-optional">Last error</th>
  <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
  <tbody data-live="rows">${tableRows(model)}</tbody>
</table></div>
  ${(newer || older) && html`<nav class="pager" aria-label="Pages">${newer} ${older}</nav>`}
</section>
</div>`;
}
