import { finalErrorMessage } from '../api/final-error';
import { html, type SafeHtml } from '../http/html';
import { formatTime, isoTime, timeSince, truncate } from './format';
import { badge } from './layout';

/** Dead letters that share an error fingerprint, as one incident. */
export interface IncidentView {
  /** The normalised error (ids, numbers, emails and urls masked), hashed: the incident's key. */
  fingerprint: string;
  errorName: string;
  /** One entry's message, masked. */
  sampleMessage: string;
  status: 'open' | 'acknowledged' | 'resolved';
  /** Alerts for it are held back until then, epoch ms. */
  mutedUntil?: number;
  /** Dead letters with this fingerprint (in the selection). */
  count: number;
  firstFailedAt: number;
  lastFailedAt: number;
  /** Who last changed its status, and when. */
  updatedBy?: string;
  updatedAt?: number;
}

const MUTE_CHOICES = [
  [3_600_000, '1 hour'],
  [4 * 3_600_000, '4 hours'],
  [86_400_000, '24 hours'],
  [7 * 86_400_000, '7 days'],
] as const;

const STATUS_BADGE = { open: 'critical', acknowledged: 'warning', resolved: 'resolved' } as const;

function incidentRow(incident: IncidentView, basePath: string, now: number): SafeHtml {
  const muted = incident.mutedUntil !== undefined && incident.mutedUntil > now;
  const fp = incident.fingerprint;
  const message = finalErrorMessage(incident.sampleMessage);
  const entries = `${basePath}/failed-operations?error=${encodeURIComponent(fp)}&showResolved=1`;
  return html`<tr data-fingerprint="${fp}">
  <td data-label="Error"><span><strong>${incident.errorName}</strong>: <span title="${message}">${truncate(message, 140)}</span></span></td>
  <td data-label="Entries"><a href="${entries}">${incident.count}<span class="visually-hidden"> entries with this error</span></a></td>
  <td data-label="Status"><span>${badge(STATUS_BADGE[incident.status], incident.status)}${muted && html` <span class="badge b-info wrap">muted until ${formatTime(incident.mutedUntil!)}</span>`}
    ${incident.updatedBy && html`<br><span class="muted">by ${incident.updatedBy}</span>`}</span></td>
  <td data-label="First / last"><span><time datetime="${isoTime(incident.firstFailedAt)}">${formatTime(incident.firstFailedAt)}</time><br>
    <span class="muted">last ${timeSince(incident.lastFailedAt, now)}</span></span></td>
  <td data-label="Actions"><div class="incident-actions">
    ${incident.status === 'open' && html`<button type="button" class="small" data-incident-action="acknowledge" data-fingerprint="${fp}">Acknowledge</button>`}
    ${incident.status !== 'resolved' && html`<button type="button" class="small secondary" data-incident-action="resolve" data-fingerprint="${fp}">Mark resolved</button>`}
    ${incident.status === 'resolved' && html`<button type="button" class="small secondary" data-incident-action="reopen" data-fingerprint="${fp}">Reopen</button>`}
    <span class="mute"><label class="visually-hidden" for="mute-${fp}">Mute for</label><select id="mute-${fp}" class="small">${MUTE_CHOICES.map(([ms, label]) => html`<option value="${ms}">${label}</option>`)}</select>
    <button type="button" class="small secondary" data-incident-action="mute" data-fingerprint="${fp}">Mute</button></span>
  </div></td>
</tr>`;
}

/** The incidents table (a live region). */
export function incidentsTable(incidents: readonly IncidentView[], basePath: string, now: number): SafeHtml {
  if (incidents.length === 0) return html`<p class="empty">No incidents match.</p>`;
  return html`<div class="table-wrap"><table class="cards incidents"><caption class="visually-hidden">Incidents, most entries first</caption>
<thead><tr><th scope="col">Error</th><th scope="col">Entries</th><th scope="col">Status</th><th scope="col">First seen / last</th><th scope="col">Actions</th></tr></thead>
<tbody>${incidents.map((incident) => incidentRow(incident, basePath, now))}</tbody></table></div>`;
}

/** The incidents page body: dead letters grouped by error fingerprint, with their triage status. */
export function incidentsBody(options: {
  incidents: readonly IncidentView[];
  basePath: string;
  now: number;
  status?: string;
  refreshMs: number;
}): SafeHtml {
  const { basePath: base, status } = options;
  const tab = (value: string | undefined, label: string) =>
    html`<a href="${base}/incidents${value ? `?status=${value}` : ''}"${status === value ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<h1>Incidents</h1>
<p class="lede">Failed operations grouped by their error (ids, numbers, emails and links masked), so one cause is handled once. <strong>Acknowledge</strong> says someone is on it; <strong>Mute</strong> holds back its alerts for a while; <strong>Mark resolved</strong> when the cause is fixed (then retry or resolve its entries).</p>
<nav class="tabs" aria-label="Incident status">${tab(undefined, 'Open and acknowledged')} ${tab('open', 'Open')} ${tab('acknowledged', 'Acknowledged')} ${tab('resolved', 'Resolved')}</nav>
<div id="incident-message" class="flash" role="status" aria-live="polite" hidden></div>
<div${options.refreshMs > 0 && html` data-live-src="${base}/api/views/incidents${status ? `?status=${status}` : ''}" data-live-ms="${options.refreshMs}"`}>
<div data-live="incidents">${incidentsTable(options.incidents, base, options.now)}</div>
</div>`;
}
