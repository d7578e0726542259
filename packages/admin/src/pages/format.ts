import { html, type SafeHtml } from '../http/html';

/** `2026-01-01 12:00 UTC` (with `seconds`: `12:00:05`): pages show UTC so every admin reads the same time. */
export function formatTime(ms: number, seconds = false): string {
  return `${new Date(ms)
    .toISOString()
    .slice(0, seconds ? 19 : 16)
    .replace('T', ' ')} UTC`;
}

/** ISO 8601, for `<time datetime>`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `45 s`, `12 min`, `3.5 h`, `2 d`: a duration for people. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(abs)} ms`;
  if (abs < 60_000) return `${trim(abs / 1_000)} s`;
  if (abs < 3_600_000) return `${trim(abs / 60_000)} min`;
  if (abs < 86_400_000) return `${trim(abs / 3_600_000)} h`;
  return `${trim(abs / 86_400_000)} d`;
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** `3 min ago`, `just now`. */
export function timeSince(ms: number, now: number): string {
  const elapsed = now - ms;
  if (elapsed < 5_000) return 'just now';
  return `${formatDuration(elapsed)} ago`;
}

/** A ratio as a percentage with enough digits to tell 99.9% from 99.95% (`99%`, `99.95%`, `57.1%`). */
export function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  return `${Number(percent.toFixed(percent >= 99 && percent < 100 ? 2 : 1))}%`;
}

/** A metric value in its unit, or `No data`. */
export function formatMetric(value: number | null, unit: 'ratio' | 'count' | 'ms'): string {
  if (value === null) return 'No data';
  if (unit === 'ratio') return formatPercent(value);
  if (unit === 'ms') return formatDuration(value);
  return String(value);
}

/** Shortens text to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** An operation name with line-break opportunities after `/` and `.`, so `stripe/webhook.received` wraps cleanly. */
export function breakable(name: string): SafeHtml {
  return html`${name.split(/(?<=[/.])/).map((part, index) => (index === 0 ? part : html`<wbr>${part}`))}`;
}

/** `hour`, `day`, `15 min`: the width of a chart bucket, for headings. */
export function perBucket(bucketMs: number): string {
  if (bucketMs === 60_000) return 'minute';
  if (bucketMs === 3_600_000) return 'hour';
  if (bucketMs === 86_400_000) return 'day';
  return formatDuration(bucketMs);
}
