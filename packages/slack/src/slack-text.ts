import type { AlertSeverity } from '@lifeline/core';

/** Escapes the three characters Slack's mrkdwn treats as control (`<!channel>`, links). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Emoji and attachment colour bar of each severity. */
export const SEVERITY_STYLE: Record<AlertSeverity, { emoji: string; color: string; label: string }> = {
  critical: { emoji: ':rotating_light:', color: '#E01E5A', label: 'Critical' },
  warning: { emoji: ':warning:', color: '#ECB22E', label: 'Warning' },
  info: { emoji: ':information_source:', color: '#36C5F0', label: 'Info' },
};

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** The most severe of `severities` (`info` when empty). */
export function highest(severities: Iterable<AlertSeverity>): AlertSeverity {
  let top: AlertSeverity = 'info';
  for (const severity of severities) if (RANK[severity] > RANK[top]) top = severity;
  return top;
}

/** Orders severities most severe first. */
export const bySeverity = (a: AlertSeverity, b: AlertSeverity) => RANK[b] - RANK[a];

/** The time of day of `ms` in UTC, e.g. `10:02 UTC`. */
export function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** An absolute http(s) link for a button: `url` (resolved against `base` when relative) or `base`. */
export function linkFor(url: string | undefined, base: string | undefined): string | undefined {
  for (const candidate of [url, base]) {
    if (!candidate) continue;
    try {
      const resolved = new URL(candidate, base);
      if (resolved.protocol === 'http:' || resolved.protocol === 'https:')
        return truncate(resolved.href, 3000);
    } catch {
      /* not a URL: try the next */
    }
  }
  return undefined;
}
