import { finalErrorMessage, humanDurations } from '../api/final-error';
import { html, type SafeHtml } from '../http/html';
import { formatDuration, formatTime, isoTime } from './format';
import { badge } from './layout';

/** One attempt as the detail page shows it (from `OperationLog.attempts`). */
export interface AttemptView {
  /** 1-based attempt number (a redrive starts again at 1). */
  attempt: number;
  /** When the attempt ended, epoch ms. */
  at: number;
  durationMs: number;
  outcome: string;
  /** The error of a failed attempt, masked. */
  error?: string;
  /** The wait before the next attempt (backoff or the provider's Retry-After), for a `retrying` outcome. */
  delayMs?: number;
}

const OUTCOME_LABEL: Record<string, string> = {
  succeeded: 'succeeded',
  retrying: 'failed, retried',
  dead_lettered: 'failed, gave up',
  duplicate: 'duplicate, skipped',
};
const OUTCOME_BADGE: Record<string, string> = {
  succeeded: 'resolved',
  retrying: 'open',
  dead_lettered: 'critical',
  duplicate: 'info',
};

/**
 * Every attempt of the entry's work, in order: when it ended, how long it ran, how it ended, its error
 * and the wait before the next one. Durations read in human units; the last attempt's error is the final
 * one (no "retrying in …").
 */
export function attemptsTable(attempts: readonly AttemptView[] | undefined): SafeHtml {
  if (attempts === undefined)
    return html`<h3>Attempts</h3><p class="muted">This operation log cannot list attempts.</p>`;
  if (attempts.length === 0)
    return html`<h3>Attempts</h3><p class="muted">No attempts are in the operation log (it may have been pruned).</p>`;
  return html`<h3>Attempts</h3>
<div class="table-wrap"><table class="attempts cards">
<caption class="visually-hidden">Attempts, oldest first</caption>
<thead><tr><th scope="col">#</th><th scope="col">Ended (UTC)</th><th scope="col">Duration</th><th scope="col">Outcome</th><th scope="col">Error</th><th scope="col">Next attempt after</th></tr></thead>
<tbody>${attempts.map(
    (attempt) => html`<tr data-attempt="${attempt.attempt}">
  <td data-label="Attempt">${attempt.attempt}</td>
  <td data-label="Ended"><time datetime="${isoTime(attempt.at)}">${formatTime(attempt.at, true)}</time></td>
  <td data-label="Duration">${formatDuration(attempt.durationMs)}</td>
  <td data-label="Outcome">${badge(OUTCOME_BADGE[attempt.outcome] ?? 'info', OUTCOME_LABEL[attempt.outcome] ?? attempt.outcome)}</td>
  <td data-label="Error" class="error-cell">${attempt.error ? (attempt.outcome === 'retrying' ? humanDurations(attempt.error) : finalErrorMessage(attempt.error)) : html`<span class="muted">none</span>`}</td>
  <td data-label="Next attempt after">${attempt.delayMs !== undefined ? formatDuration(attempt.delayMs) : html`<span class="muted">–</span>`}</td>
</tr>`,
  )}</tbody></table></div>`;
}
