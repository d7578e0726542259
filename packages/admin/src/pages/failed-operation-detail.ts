import type { SerializedError } from '@lifeline/core';
import { finalErrorMessage, humanDurations } from '../api/final-error';
import type { FailedOperationView } from '../api/present-entry';
import { html, type SafeHtml } from '../http/html';
import { type AttemptView, attemptsTable } from './attempts-table';
import { breakable, formatTime, isoTime } from './format';
import { badge } from './layout';

/** What the detail panel needs. */
export interface DetailViewModel {
  entry: FailedOperationView & { attemptLog?: AttemptView[] };
  /** Link that closes the panel, keeping the filters. */
  closeHref: string;
  /** Link that shows the entry with secrets revealed; absent when the admin may not reveal. */
  revealHref?: string;
  revealed: boolean;
}

const time = (ms: number) => html`<time datetime="${isoTime(ms)}">${formatTime(ms)}</time>`;

function errorChain(error: SerializedError): SafeHtml {
  const links: SerializedError[] = [];
  for (
    let current: SerializedError | undefined = error;
    current && links.length < 20;
    current = current.cause
  )
    links.push(current);
  return html`<ol class="error-chain">${links.map(
    (
      link,
      index,
    ) => html`<li>${index > 0 && html`<span class="muted">caused by </span>`}<strong>${link.name}</strong>: ${finalErrorMessage(link.message)}
  <span class="tags">${link.code && html`<span class="tag">code ${link.code}</span>`}${link.status !== undefined && html`<span class="tag">HTTP ${link.status}</span>`}${link.retryable !== undefined && html`<span class="tag">${link.retryable ? 'retryable' : 'permanent'}</span>`}</span>
  ${link.stack && html`<details><summary>Stack trace</summary><pre>${link.stack}</pre></details>`}</li>`,
  )}</ol>`;
}

/** True when the entry was closed by a retry that succeeded (its last move was `retrying → resolved`). */
function resolvedByRetry(entry: FailedOperationView): boolean {
  const last = entry.history?.at(-1);
  return (
    last !== undefined &&
    last.from === 'retrying' &&
    last.to === 'resolved' &&
    (last.by === 'redrive' || last.note === 'redrive succeeded')
  );
}

function retryButton(entry: FailedOperationView): SafeHtml {
  const disabled = entry.status === 'retrying' ? html` disabled` : '';
  if (!entry.permanent) {
    return html`<button type="button" class="primary" data-action="retry" data-id="${entry.id}"${disabled}>Retry now</button>`;
  }
  // A permanent error fails the same way when run again as is: no green button, and say why.
  return html`<div class="warn permanent-warning" id="permanent-help"><p><strong>This error is permanent.</strong> Running the same payload again fails the same way unless its cause was fixed (a bug deployed, a setting corrected). Fix the cause first, or resolve the entry with a note.</p></div>
  <button type="button" class="secondary" data-action="retry" data-id="${entry.id}" aria-describedby="permanent-help"${disabled}>Retry anyway</button>`;
}

function actions(entry: FailedOperationView): SafeHtml {
  if (entry.status === 'resolved') {
    if (resolvedByRetry(entry) && entry.resolvedBy) {
      return html`<p class="resolved-note">Retried by <strong>${entry.resolvedBy}</strong>: the re-run succeeded${entry.resolvedAt !== undefined && html` on ${time(entry.resolvedAt)}`}.</p>`;
    }
    return html`<p class="resolved-note">Resolved${entry.resolvedBy && html` by <strong>${entry.resolvedBy}</strong>`}${entry.resolvedAt !== undefined && html` on ${time(entry.resolvedAt)}`}${entry.note && html`: “${entry.note}”`}</p>`;
  }
  const retry = entry.operationRegistered
    ? html`${retryButton(entry)}
  ${entry.status === 'retrying' && html`<p class="muted">A retry${entry.retriedBy && html` started by <strong>${entry.retriedBy}</strong>`} is running.</p>`}`
    : html`<p class="warn">Retry is unavailable here: no operation named “${entry.name}” is registered in this app.</p>`;
  return html`<div class="actions">
  ${retry}
  <form class="resolve-form" data-action="resolve" data-id="${entry.id}">
    <label for="resolve-note">Resolution note</label>
    <textarea id="resolve-note" name="note" rows="2" maxlength="2000" required aria-describedby="resolve-help"></textarea>
    <p id="resolve-help" class="muted">Why it can be closed without running, e.g. “refunded by hand”. Kept in the history.</p>
    <button type="submit" class="secondary">Resolve</button>
  </form>
</div>`;
}

function payload(model: DetailViewModel): SafeHtml {
  const { entry } = model;
  const masked = entry.maskedFields.filter((path) => path.startsWith('payload'));
  const notice = model.revealed
    ? html`<p class="warn">Secrets are shown unmasked. This reveal was logged.</p>`
    : masked.length > 0 &&
      html`<p class="muted">${masked.length} ${masked.length === 1 ? 'value looks secret and is' : 'values look secret and are'} masked.${model.revealHref && html` <a href="${model.revealHref}">Reveal secrets</a> (logged).`}</p>`;
  return html`<h3>Payload</h3>${notice}<pre class="json" tabindex="0" aria-label="Payload">${JSON.stringify(entry.payload, null, 2) ?? 'undefined'}</pre>
${entry.meta && html`<h3>Context</h3><pre class="json" tabindex="0" aria-label="Context">${JSON.stringify(entry.meta, null, 2)}</pre>`}`;
}

function history(entry: FailedOperationView): SafeHtml {
  const items = entry.history ?? [];
  if (items.length === 0) return html`<h3>History</h3><p class="muted">No actions yet.</p>`;
  // Older runtimes record a retry's outcome as by 'redrive': credit the admin who started that retry.
  let redriver: string | undefined;
  return html`<h3>History</h3><ol class="history">${items.map((item) => {
    if (item.to === 'retrying') redriver = item.by;
    const by = item.by === 'redrive' && item.from === 'retrying' && redriver ? redriver : item.by;
    const what =
      item.from === 'retrying' && item.to === 'open' && item.by !== 'system' && !item.note
        ? ': the retry failed'
        : '';
    return html`<li>${time(item.at)}: ${badge(item.from)} → ${badge(item.to)} by <strong>${by}</strong>${what}${item.note && html`: “${humanDurations(item.note)}”`}</li>`;
  })}</ol>`;
}

/** The detail panel: facts, Retry and Resolve, the error chain, the payload (masked unless revealed) and the history. */
export function failedOperationDetail(model: DetailViewModel): SafeHtml {
  const { entry } = model;
  return html`<section class="detail" aria-labelledby="detail-heading" data-entry-status="${entry.status}">
<div class="detail-head"><h2 id="detail-heading">${breakable(entry.name)}</h2>
  <a class="button small secondary" href="${model.closeHref}">Close<span class="visually-hidden"> details</span></a></div>
<div id="detail-message" class="flash" role="status" aria-live="polite" hidden></div>
<dl class="facts">
  <div><dt>Status</dt><dd data-status>${badge(entry.status)}</dd></div>
  <div><dt>Kind</dt><dd>${entry.kind}</dd></div>
  <div><dt>Attempts</dt><dd>${entry.attempts}</dd></div>
  <div><dt>Retries</dt><dd>${entry.retryCount}</dd></div>
  <div><dt>First failure</dt><dd>${time(entry.firstFailedAt)}</dd></div>
  <div><dt>Last failure</dt><dd>${time(entry.failedAt)}</dd></div>
  <div class="wide"><dt>Id</dt><dd><code>${entry.id}</code></dd></div>
  <div class="wide"><dt>Idempotency key</dt><dd><code>${entry.idempotencyKey}</code></dd></div>
</dl>
${actions(entry)}
<h3>Error</h3>
${errorChain(entry.error)}
${attemptsTable(entry.attemptLog)}
${payload(model)}
${history(entry)}
</section>`;
}
