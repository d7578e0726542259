import type { OutcomeBucket } from '@lifeline/core';
import { html, type SafeHtml } from '../http/html';
import { formatDuration, formatTime, perBucket } from './format';

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 12, bottom: 30, left: 44 };

/** Series drawn bottom to top, with their CSS classes (colours live in the stylesheet). */
const SERIES = [
  { key: 'succeeded', label: 'Succeeded', className: 'c-succeeded' },
  { key: 'retrying', label: 'Failed, retried', className: 'c-retrying' },
  { key: 'deadLettered', label: 'Dead-lettered', className: 'c-dead' },
] as const;

const round = (value: number) => Math.round(value * 10) / 10;

function tickLabel(start: number, bucketMs: number, spanMs: number): string {
  const iso = new Date(start).toISOString();
  if (spanMs > 2 * 86_400_000 || bucketMs >= 86_400_000) return iso.slice(5, 10);
  return iso.slice(11, 16);
}

/**
 * A stacked bar chart of final outcomes per bucket, as inline SVG rendered on the server (no script).
 * Colour is not the only carrier: there is a text legend, a `<title>`/`<desc>` summary for screen
 * readers, and the caller adds the same numbers as a table.
 */
export function outcomeChart(buckets: readonly OutcomeBucket[], bucketMs: number): SafeHtml {
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const totals = buckets.map((bucket) => bucket.succeeded + bucket.retrying + bucket.deadLettered);
  const max = Math.max(1, ...totals);
  const slot = innerWidth / Math.max(1, buckets.length);
  const barWidth = Math.max(1, slot * 0.8);
  const y = (value: number) => MARGIN.top + innerHeight - (value / max) * innerHeight;
  const sums = SERIES.map((series) => buckets.reduce((sum, bucket) => sum + bucket[series.key], 0));
  const span = buckets.length * bucketMs;
  const first = buckets[0];
  const description = first
    ? `${sums[0]} succeeded, ${sums[1]} retried and ${sums[2]} dead-lettered, in ${buckets.length} buckets of ${formatDuration(bucketMs)} from ${formatTime(first.start)}. The busiest bucket had ${max}.`
    : 'No data in this window.';
  const labelEvery = Math.max(1, Math.ceil(buckets.length / 8));
  const bars = buckets.map((bucket, index) => {
    const x = round(MARGIN.left + index * slot + (slot - barWidth) / 2);
    let base = 0;
    const rects = SERIES.map((series) => {
      const value = bucket[series.key];
      if (value === 0) return '';
      const top = y(base + value);
      const height = y(base) - top;
      base += value;
      return html`<rect class="${series.className}" x="${x}" y="${round(top)}" width="${round(barWidth)}" height="${round(Math.max(height, 1))}"></rect>`;
    });
    const label =
      index % labelEvery === 0 &&
      html`<text class="axis" x="${round(MARGIN.left + index * slot + slot / 2)}" y="${HEIGHT - 10}" text-anchor="middle">${tickLabel(bucket.start, bucketMs, span)}</text>`;
    return html`<g>${rects}${label}</g>`;
  });
  const ticks = [0, Math.round(max / 2), max].filter((value, index, all) => all.indexOf(value) === index);
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" focusable="false">
<title id="chart-title">Outcomes per ${perBucket(bucketMs)}</title>
<desc id="chart-desc">${description}</desc>
${ticks.map(
  (
    value,
  ) => html`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${round(y(value))}" y2="${round(y(value))}"></line>
<text class="axis" x="${MARGIN.left - 6}" y="${round(y(value) + 4)}" text-anchor="end">${value}</text>`,
)}
${bars}
</svg>`;
}

/** The chart's legend, as text with colour swatches. */
export function chartLegend(): SafeHtml {
  return html`<ul class="legend">${SERIES.map(
    (series) =>
      html`<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><rect class="${series.className}" width="10" height="10"></rect></svg>${series.label}</li>`,
  )}</ul>`;
}

/** The chart's numbers as a table, for screen readers and for anyone who wants exact values. */
export function chartTable(buckets: readonly OutcomeBucket[]): SafeHtml {
  return html`<details class="chart-data"><summary>Show the numbers as a table</summary>
<div class="table-wrap"><table><caption class="visually-hidden">Outcomes per bucket</caption>
<thead><tr><th scope="col">From (UTC)</th>${SERIES.map((series) => html`<th scope="col">${series.label}</th>`)}</tr></thead>
<tbody>${buckets.map((bucket) => html`<tr><th scope="row">${formatTime(bucket.start)}</th>${SERIES.map((series) => html`<td>${bucket[series.key]}</td>`)}</tr>`)}</tbody>
</table></div></details>`;
}
