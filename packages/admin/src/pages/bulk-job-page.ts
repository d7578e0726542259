import { humanDurations } from '../api/final-error';
import { html, type SafeHtml } from '../http/html';
import { breakable, formatTime, isoTime } from './format';
import { badge } from './layout';

/** A bulk job as its page shows it. */
export interface BulkJobView {
  id: string;
  action: 'retry' | 'resolve';
  /** `pending`, `running`, `completed`, `aborted`, `stopped` (too many failures) or `failed`. */
  status: string;
  /** Who started it. */
  by: string;
  createdAt: number;
  finishedAt?: number;
  /** Entries the job acts on. */
  total: number;
  /** Entries already acted on. */
  done: number;
  /** Outcomes so far by name (`succeeded`, `failed`, `skipped`, …). */
  counts: Record<string, number>;
  /** What it selects, in words (`open email entries matching "buyer@"`, or `12 listed entries`). */
  selection: string;
  note?: string;
  /** Items run first, checked before the rest. */
  canary?: number;
  /** The job stops after this many new failures. */
  stopAfterFailures?: number;
  /** Why it stopped early, in words. */
  stopReason?: string;
  /** Who did what to the job, oldest first. */
  audit: Array<{ at: number; by: string; what: string }>;
  /** Per-entry outcomes, latest first (capped by the loader). */
  items: Array<{ id: string; outcome: string; at?: number; error?: string }>;
}

const STATUS_BADGE: Record<string, string> = {
  pending: 'info',
  running: 'retrying',
  completed: 'resolved',
  aborted: 'warning',
  stopped: 'critical',
  failed: 'critical',
};

/** True while the job may still change. */
export const isJobActive = (status: string) => status === 'pending' || status === 'running';

/** The counts line: `120 of 500 done · 118 succeeded · 2 failed`. */
export function jobProgress(job: BulkJobView): SafeHtml {
  const counts = Object.entries(job.counts).filter(([, count]) => count > 0);
  return html`<p class="job-progress-text"><strong data-job-done>${job.done}</strong> of <strong data-job-total>${job.total}</strong> done${counts.map(
    ([name, count]) => html` · <span data-count="${name}">${count} ${name.replace('_', ' ')}</span>`,
  )}</p>
<p>${badge(STATUS_BADGE[job.status] ?? 'info', job.status)}${job.stopReason && html` <span>${humanDurations(job.stopReason)}</span>`}${job.finishedAt !== undefined && html` <span class="muted">ended <time datetime="${isoTime(job.finishedAt)}">${formatTime(job.finishedAt, true)}</time></span>`}</p>`;
}

/** The audit trail: who started, aborted or stopped the job and when. */
export function jobAudit(job: BulkJobView): SafeHtml {
  if (job.audit.length === 0) return html`<p class="muted">Nothing recorded yet.</p>`;
  return html`<ol class="history">${job.audit.map(
    (event) =>
      html`<li><time datetime="${isoTime(event.at)}">${formatTime(event.at, true)}</time>: <strong>${event.by}</strong> ${humanDurations(event.what)}</li>`,
  )}</ol>`;
}

/** Per-entry outcomes, each linking to its entry. */
export function jobItems(job: BulkJobView, basePath: string): SafeHtml {
  if (job.items.length === 0) return html`<p class="muted">No entry has been acted on yet.</p>`;
  return html`<div class="table-wrap"><table class="job-items cards"><caption class="visually-hidden">Entries acted on, latest first</caption>
<thead><tr><th scope="col">Entry</th><th scope="col">Outcome</th><th scope="col">When (UTC)</th><th scope="col">Error</th></tr></thead>
<tbody>${job.items.map(
    (
      item,
    ) => html`<tr><td data-label="Entry"><a href="${basePath}/failed-operations/${encodeURIComponent(item.id)}"><code>${item.id}</code></a></td>
<td data-label="Outcome">${item.outcome.replace('_', ' ')}</td><td data-label="When">${item.at !== undefined && html`<time datetime="${isoTime(item.at)}">${formatTime(item.at, true)}</time>`}</td>
<td data-label="Error" class="error-cell">${item.error ? humanDurations(item.error) : ''}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The fragments a job page refreshes while the job runs. */
export function jobFragments(job: BulkJobView, basePath: string): Record<string, string> {
  return {
    progress: jobProgress(job).value,
    audit: jobAudit(job).value,
    items: jobItems(job, basePath).value,
  };
}

/** The job page body: what it does, a progress bar, abort, the audit trail and per-entry outcomes. */
export function bulkJobBody(job: BulkJobView, basePath: string): SafeHtml {
  const verb = job.action === 'retry' ? 'Retry' : 'Resolve';
  return html`<p><a href="${basePath}/bulk-jobs">All bulk jobs</a> · <a href="${basePath}/failed-operations">Failed operations</a></p>
<h1>${verb} ${job.total} ${job.total === 1 ? 'entry' : 'entries'}</h1>
<section class="panel job" data-job-id="${job.id}" data-job-status="${job.status}" aria-labelledby="job-heading">
<h2 id="job-heading">Bulk job <code>${breakable(job.id)}</code></h2>
<dl class="facts">
  <div><dt>Started by</dt><dd>${job.by}</dd></div>
  <div><dt>Started</dt><dd><time datetime="${isoTime(job.createdAt)}">${formatTime(job.createdAt, true)}</time></dd></div>
  <div class="wide"><dt>Selection</dt><dd>${job.selection}</dd></div>
  ${job.canary !== undefined && html`<div><dt>Canary</dt><dd>the first ${job.canary} checked before the rest</dd></div>`}
  ${job.stopAfterFailures !== undefined && html`<div><dt>Stops after</dt><dd>${job.stopAfterFailures} new failures</dd></div>`}
  ${job.note && html`<div class="wide"><dt>Note</dt><dd>${job.note}</dd></div>`}
</dl>
<progress max="${Math.max(1, job.total)}" value="${job.done}" aria-label="Progress">${job.done} of ${job.total}</progress>
<div data-live="progress" aria-live="polite">${jobProgress(job)}</div>
<div id="job-message" class="flash" role="status" aria-live="polite" hidden></div>
<button type="button" class="secondary" data-action="abort-job" data-id="${job.id}"${isJobActive(job.status) ? '' : html` hidden`}>Abort</button>
<h3>Audit trail</h3>
<div data-live="audit">${jobAudit(job)}</div>
<h3>Entries</h3>
<div data-live="items">${jobItems(job, basePath)}</div>
</section>`;
}

/** The list of recent bulk jobs. */
export function bulkJobsListBody(jobs: readonly BulkJobView[], basePath: string): SafeHtml {
  return html`<h1>Bulk jobs</h1>
<p class="lede">Retries and resolves of many entries run as background jobs: they survive a restart, can be aborted, and record who did what.</p>
${
  jobs.length === 0
    ? html`<p class="empty">No bulk jobs yet. Start one from <a href="${basePath}/failed-operations">Failed operations</a> (“Retry all matching”).</p>`
    : html`<div class="table-wrap"><table><caption class="visually-hidden">Bulk jobs, newest first</caption>
<thead><tr><th scope="col">Started (UTC)</th><th scope="col">Action</th><th scope="col">By</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col"><span class="visually-hidden">Open</span></th></tr></thead>
<tbody>${jobs.map(
        (
          job,
        ) => html`<tr><td><time datetime="${isoTime(job.createdAt)}">${formatTime(job.createdAt)}</time></td><td>${job.action}</td><td>${job.by}</td>
<td>${badge(STATUS_BADGE[job.status] ?? 'info', job.status)}</td><td>${job.done} / ${job.total}</td>
<td class="row-action"><a class="button small" href="${basePath}/bulk-jobs/${encodeURIComponent(job.id)}">Open<span class="visually-hidden"> job ${job.id}</span></a></td></tr>`,
      )}</tbody></table></div>`
}`;
}
