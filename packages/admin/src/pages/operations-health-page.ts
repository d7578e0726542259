import type { HealthMetric } from '@lifeline/core';
import type { OperationsHealth, RecentAlert } from '../api/operations-health';
import { html, type SafeHtml } from '../http/html';
import { formatMetric, formatTime, isoTime, perBucket } from './format';
import { badge } from './layout';
import { chartLegend, chartTable, outcomeChart } from './outcome-chart';

/** Windows offered by the window picker. */
const WINDOWS = [
  ['1h', 'Last hour'],
  ['6h', 'Last 6 hours'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
] as const;

const STATUS_LABEL = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  critical: 'Critical',
  no_data: 'No data',
} as const;

function targetText(metric: HealthMetric): string {
  const show = (value: number) => formatMetric(value, metric.unit);
  return metric.direction === 'higher-is-better'
    ? `Target ≥ ${show(metric.target)} · alert below ${show(metric.alert)}`
    : `Target ≤ ${show(metric.target)} · alert above ${show(metric.alert)}`;
}

/** The failed operations behind a metric: its kind and the window, or the open backlog. */
export function tileHref(metric: HealthMetric, basePath: string, from: number): string {
  const params = new URLSearchParams();
  if (metric.id === 'openDeadLetters') params.set('status', 'open');
  else {
    if (metric.id === 'emailDeliveryRate') params.set('kind', 'email');
    if (metric.id === 'webhookSuccessRate') params.set('kind', 'webhook');
    params.set('from', new Date(from).toISOString());
    params.set('showResolved', '1');
  }
  return `${basePath}/failed-operations?${params}`;
}

function tile(metric: HealthMetric, basePath: string, from: number): SafeHtml {
  const sample = metric.unit === 'count' ? 'entries' : 'operations';
  return html`<li class="tile t-${metric.status}" data-metric="${metric.id}">
  <h3 class="tile-title">${metric.label}</h3>
  <p class="tile-value">${formatMetric(metric.value, metric.unit)}</p>
  <p>${badge(metric.status, STATUS_LABEL[metric.status])}</p>
  <p class="tile-target">${targetText(metric)}</p>
  <p class="muted">${metric.sample} ${sample}</p>
  <a class="tile-link" href="${tileHref(metric, basePath, from)}">${metric.id === 'openDeadLetters' ? 'Open failed operations' : 'Failed operations in this window'}<span class="visually-hidden"> for ${metric.label}</span></a>
</li>`;
}

function alertItem(alert: RecentAlert): SafeHtml {
  const fields = Object.entries(alert.fields ?? {}).filter(
    ([, value]) => value !== undefined && value !== null,
  );
  const link = alert.url && /^(https?:\/\/|\/)/.test(alert.url) ? alert.url : undefined;
  return html`<li class="alert a-${alert.severity}">
  <p class="alert-head">${badge(alert.severity)} <strong>${alert.title}</strong> <time datetime="${isoTime(alert.at)}">${formatTime(alert.at)}</time>
  ${!alert.delivered && html`<span class="badge b-critical">not delivered</span>`}</p>
  ${!alert.delivered && alert.error && html`<p class="muted">Delivery failed: ${alert.error}</p>`}
  <p>${alert.message}</p>
  ${fields.length > 0 && html`<dl class="alert-fields">${fields.map(([key, value]) => html`<div><dt>${key}</dt><dd>${String(value)}</dd></div>`)}</dl>`}
  ${link && html`<p><a href="${link}">Open</a></p>`}
</li>`;
}

/** The health page body: window picker, status tiles, outcomes chart and the window's alerts. */
export function operationsHealthBody(options: {
  health: OperationsHealth;
  basePath: string;
  window: string;
}): SafeHtml {
  const { health, basePath: base } = options;
  return html`<h1>Operations health</h1>
<form class="filters window-form" method="get" action="${base}/operations-health" aria-label="Choose the window">
  <div class="field"><label for="h-window">Window</label>
  <select id="h-window" name="window">${WINDOWS.map(([value, label]) => html`<option value="${value}"${value === options.window ? html` selected` : ''}>${label}</option>`)}${
    !WINDOWS.some(([value]) => value === options.window) &&
    html`<option value="${options.window}" selected>${options.window}</option>`
  }</select></div>
  <div class="field buttons"><button type="submit">Show</button></div>
</form>
<p class="overall">Overall ${badge(health.status, STATUS_LABEL[health.status])} from <time datetime="${isoTime(health.from)}">${formatTime(health.from)}</time>
to <time datetime="${isoTime(health.to)}">${formatTime(health.to)}</time>.</p>
<section aria-labelledby="tiles-heading"><h2 id="tiles-heading" class="visually-hidden">Metrics</h2>
<ul class="tiles">${health.metrics.map((metric) => tile(metric, base, health.from))}</ul></section>
<section class="panel" aria-labelledby="chart-heading"><h2 id="chart-heading">Outcomes per ${perBucket(health.histogram.bucketMs)} <span class="muted">(UTC)</span></h2>
${chartLegend()}
<div class="chart-wrap" role="region" aria-label="Outcomes chart, scrollable" tabindex="0">${outcomeChart(health.histogram.buckets, health.histogram.bucketMs)}</div>
${chartTable(health.histogram.buckets)}
</section>
<section class="panel" aria-labelledby="alerts-heading"><h2 id="alerts-heading">Alerts in this window <span class="muted" data-alert-count>(${health.alertCount} sent${health.alertCount > health.alerts.length ? html`, newest ${health.alerts.length} shown` : ''})</span></h2>
${health.alerts.length === 0 ? html`<p class="muted">No alerts fired in this window.</p>` : html`<ul class="alerts">${health.alerts.map(alertItem)}</ul>`}
</section>`;
}
